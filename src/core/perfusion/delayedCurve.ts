/**
 * The curve sampled at `times` (s, increasing) read `delay` s later: out[i] = value at
 * times[i] − delay, by linear interpolation, the first value before the first time (a baseline-
 * subtracted curve is 0 there). Used to give a tissue its own, delayed arterial input.
 */
export function delayedCurve(times: ArrayLike<number>, values: ArrayLike<number>, delay: number, out: Float64Array): Float64Array {
  const last = times.length - 1;
  let j = 0;
  for (let i = 0; i <= last; i++) {
    const t = times[i] - delay;
    if (t <= times[0]) {
      out[i] = values[0];
      continue;
    }
    if (t >= times[last]) {
      out[i] = values[last];
      continue;
    }
    while (times[j + 1] < t) j++;
    const w = (t - times[j]) / (times[j + 1] - times[j]);
    out[i] = values[j] + w * (values[j + 1] - values[j]);
  }
  return out;
}
