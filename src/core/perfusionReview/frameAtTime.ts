/**
 * The frame whose acquisition time is nearest `timeS` (s, the series' time axis) in `times`, the
 * increasing frame times of one table position (any spacing: CT perfusion is acquired densely
 * over the bolus, sparsely after). A tie goes to the earlier frame; times outside the run give the
 * first or last frame. Throws on an empty run (no frame to show is a caller's bug).
 */
export function frameAtTime(times: readonly number[], timeS: number): number {
  if (times.length === 0) throw new RangeError('no frame times');
  let lo = 0;
  let hi = times.length - 1;
  // First frame at or after timeS by bisection; then the nearer of it and the frame before.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < timeS) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && timeS - times[lo - 1] <= times[lo] - timeS ? lo - 1 : lo;
}
