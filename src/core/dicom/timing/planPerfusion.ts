import { DicomError } from '../errors';
import { planSeries } from '../geometry/planSeries';
import { rowColumn } from '../geometry/rowColumn';
import type { FrameInfo, SeriesEntry } from '../types';
import { cross, dot } from '../../math/vec3Products';
import { chooseTimeSource, frameTimeOf } from './chooseTimeSource';
import type { PerfusionPlan, TimedSlab } from './perfusionPlan';

/** Positions closer than this along the normal (mm) are one slice, as in groupBySlicePosition. */
const SAME_SLICE_MM = 0.01;

/**
 * Plans a CT perfusion series from its headers: frame times from the tags vendors use (see
 * chooseTimeSource), never assumed uniform, each slice's frames put in time order, and slices
 * grouped into table positions (slabs) by their time vectors (shuttle/toggling acquisitions give
 * each position its own times). Throws DicomError naming the series when it has no usable times,
 * a slice misses a frame, two frames of a slice share a time, or the geometry is mixed.
 */
export function planPerfusion(series: SeriesEntry): PerfusionPlan {
  const first = series.frames[0];
  if (!first) throw new DicomError(series.seriesInstanceUID, 'series has no images');
  const fail = (reason: string): never => {
    throw new DicomError(first.file, `series ${series.seriesNumber ?? ''} "${series.description}": ${reason}`);
  };
  const timeSource = chooseTimeSource(series.frames) ??
    fail('no usable frame times: no per-frame date-time, Temporal Position Identifier with Trigger Time, Acquisition Time or Content Time on every image');
  checkFrameCounts(series.frames, fail);
  const plan = planSeries(series);
  const [, , nz, nt] = plan.dims;
  const absolute = (f: FrameInfo): number => frameTimeOf(f, timeSource);
  const origin = Math.min(...series.frames.map(absolute));
  const sliceFrames: FrameInfo[][] = [];
  for (let k = 0; k < nz; k++) {
    const frames = plan.volumes.map((v) => v.slices[k]).sort((a, b) => absolute(a) - absolute(b));
    for (let t = 1; t < nt; t++) {
      if (absolute(frames[t]) === absolute(frames[t - 1])) {
        fail(`slice ${k + 1} has two images at the same time (${(absolute(frames[t]) - origin).toFixed(3)} s)`);
      }
    }
    sliceFrames.push(frames);
  }
  const sliceTimes = sliceFrames.map((frames) => frames.map((f) => absolute(f) - origin));
  plan.volumes = plan.volumes.map((v, t) => ({ ...v, slices: sliceFrames.map((frames) => frames[t]) }));
  return { plan, slabs: groupSlabs(sliceTimes), timeSource };
}

/** Every slice position must hold the same number of frames: say which one does not. */
function checkFrameCounts(frames: FrameInfo[], fail: (reason: string) => never): void {
  const orientation = frames[0].orientation;
  if (!orientation || frames.some((f) => !f.position)) return; // planSeries names what is missing
  const { row, column } = rowColumn(orientation);
  const normal = cross(row, column);
  const positions: { d: number; count: number }[] = [];
  for (const d of frames.map((f) => dot(f.position!, normal)).sort((a, b) => a - b)) {
    const last = positions[positions.length - 1];
    if (last && Math.abs(d - last.d) < SAME_SLICE_MM) last.count++;
    else positions.push({ d, count: 1 });
  }
  const counts = positions.map((p) => p.count);
  const most = Math.max(...counts);
  const short = positions.find((p) => p.count !== most);
  if (short) {
    fail(`the slice at ${short.d.toFixed(2)} mm along the normal has ${short.count} images where others have ${most}: a frame is missing`);
  }
}

/**
 * Consecutive slices whose frame times agree (within a quarter of the shortest frame interval,
 * at most 0.5 s) form one slab; each slab's times are its slices' mean.
 */
function groupSlabs(sliceTimes: number[][]): TimedSlab[] {
  let shortest = Infinity;
  for (const times of sliceTimes) for (let t = 1; t < times.length; t++) shortest = Math.min(shortest, times[t] - times[t - 1]);
  const tolerance = Math.min(0.5, shortest / 4);
  const slabs: TimedSlab[] = [];
  let start = 0;
  for (let k = 1; k <= sliceTimes.length; k++) {
    const same = k < sliceTimes.length && sliceTimes[k].every((t, i) => Math.abs(t - sliceTimes[start][i]) <= tolerance);
    if (same) continue;
    const members = sliceTimes.slice(start, k);
    const times = members[0].map((_, i) => members.reduce((sum, m) => sum + m[i], 0) / members.length);
    slabs.push({ firstSlice: start, endSlice: k, times });
    start = k;
  }
  return slabs;
}
