/** A uniform time grid: sample i is at t0 + i·dt (s). */
export interface UniformGrid {
  /** Time of sample 0, s (the first frame's). */
  t0: number;
  /** Sampling interval, s. */
  dt: number;
  /** Number of samples. */
  n: number;
}

/**
 * The uniform grid deconvolution runs on, from the frame times (s, increasing, never assumed
 * uniform): its interval is the median frame interval (the dense first-pass sampling of a
 * two-phase protocol), covering the first to the last frame.
 */
export function uniformGrid(times: ArrayLike<number>): UniformGrid {
  const n = times.length;
  if (n < 2) throw new Error(`perfusion needs at least 2 frames (got ${n})`);
  const intervals: number[] = [];
  for (let i = 1; i < n; i++) {
    const d = times[i] - times[i - 1];
    if (!(d > 0)) throw new Error(`frame times must increase (frame ${i}: ${times[i - 1]} s then ${times[i]} s)`);
    intervals.push(d);
  }
  intervals.sort((a, b) => a - b);
  const mid = intervals.length >> 1;
  const dt = intervals.length % 2 ? intervals[mid] : (intervals[mid - 1] + intervals[mid]) / 2;
  const span = times[n - 1] - times[0];
  return { t0: times[0], dt, n: Math.floor(span / dt + 1e-9) + 1 };
}
