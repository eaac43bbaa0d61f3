import type { SeriesPlan } from '../types';
import type { TimeSource } from './chooseTimeSource';

/** Slices acquired together (one table position): they share frame times. */
export interface TimedSlab {
  /** First slice index k of the slab (inclusive) in the planned volume. */
  firstSlice: number;
  /** Slice index after the slab's last (exclusive). */
  endSlice: number;
  /** Time of each volume t at this table position, s from the series' first frame (increasing, any spacing). */
  times: number[];
}

/**
 * How a CT perfusion series becomes a 4D volume: the SeriesPlan with each slice's frames in time
 * order (volume t holds every slice's t-th frame), and the table positions with their frame times.
 */
export interface PerfusionPlan {
  plan: SeriesPlan;
  slabs: TimedSlab[];
  timeSource: TimeSource;
}
