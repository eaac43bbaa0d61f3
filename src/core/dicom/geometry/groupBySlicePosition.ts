import type { Vec3 } from '../../math/types';
import type { FrameInfo } from '../types';
import { dot } from '../../math/vec3Products';

/** Positions closer than this along the normal (mm) are the same slice. */
const SAME_SLICE_MM = 0.01;

/** Frames at one slice position: `distance` is mm along the slice normal; frames in volume order. */
export interface SliceStack {
  distance: number;
  frames: FrameInfo[];
}

/**
 * Groups frames by their position along `normal` (LPS unit vector), ascending. Within a position,
 * frames keep the input (acquisition) order, except that an explicit per-image volume index wins
 * when it tells every frame there apart: enhanced DimensionIndexValues (dcm2niix's order), else
 * Philips (2005,1596) / TemporalPositionIndex, because Philips scrambles instance numbers.
 */
export function groupBySlicePosition(frames: FrameInfo[], normal: Vec3): SliceStack[] {
  const withDistance = frames.map((f) => ({ f, d: dot(f.position!, normal) }));
  const sorted = [...withDistance].sort((a, b) => a.d - b.d);
  const stacks: SliceStack[] = [];
  for (const { f, d } of sorted) {
    const last = stacks[stacks.length - 1];
    if (last && Math.abs(d - last.distance) < SAME_SLICE_MM) last.frames.push(f);
    else stacks.push({ distance: d, frames: [f] });
  }
  const order = new Map(frames.map((f, i) => [f, i]));
  for (const stack of stacks) {
    stack.frames.sort((a, b) => order.get(a)! - order.get(b)!);
    const dims = stack.frames.map((f) => f.dimensionIndex?.join(',') ?? null);
    const indices = stack.frames.map((f) => f.temporalIndex);
    if (dims.every((v) => v !== null) && new Set(dims).size === dims.length) {
      stack.frames.sort((a, b) => compareIndexVectors(a.dimensionIndex!, b.dimensionIndex!));
    } else if (indices.every((v): v is number => typeof v === 'number') && new Set(indices).size === indices.length) {
      stack.frames.sort((a, b) => a.temporalIndex! - b.temporalIndex!);
    }
  }
  return stacks;
}

/** Last index most significant, as dcm2niix orders enhanced frames (Philips: gradient number last, b0 = 65 → last). */
function compareIndexVectors(a: number[], b: number[]): number {
  for (let i = Math.min(a.length, b.length) - 1; i >= 0; i--) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
