import { slabOfSlice, type Slab } from '../perfusion/slabOfSlice';

/**
 * Frame times of every slice k < nz, s from the series' first frame: each slice gets its table
 * position's (slab's) times, so in a shuttle acquisition slices of different positions read
 * different times for the same frame index.
 */
export function sliceFrameTimes(slabs: readonly Slab[], nz: number): number[][] {
  return Array.from({ length: nz }, (_, k) => slabOfSlice(slabs, k).times);
}
