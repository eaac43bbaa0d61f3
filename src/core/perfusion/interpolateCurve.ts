/**
 * A curve sampled at `from` (s, increasing) read at the times `at` (s) by linear interpolation,
 * held at its first/last value outside: gives the arterial curve of one table position to a
 * slab acquired at other times (shuttle mode).
 */
export function interpolateCurve(from: ArrayLike<number>, values: ArrayLike<number>, at: ArrayLike<number>): Float64Array {
  const out = new Float64Array(at.length);
  const last = from.length - 1;
  for (let i = 0; i < at.length; i++) {
    const t = at[i];
    if (t <= from[0]) out[i] = values[0];
    else if (t >= from[last]) out[i] = values[last];
    else {
      let j = 0;
      while (from[j + 1] < t) j++;
      const w = (t - from[j]) / (from[j + 1] - from[j]);
      out[i] = values[j] + w * (values[j + 1] - values[j]);
    }
  }
  return out;
}
