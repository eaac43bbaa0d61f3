/**
 * Running integral ∫_{t_0}^{t_i} f dt by the trapezoid rule over the frame times (s, any spacing),
 * written into `out`: out[0] = 0, units of f × s.
 */
export function cumulativeIntegral(times: ArrayLike<number>, values: ArrayLike<number>, out: Float64Array): Float64Array {
  out[0] = 0;
  for (let i = 1; i < times.length; i++) {
    out[i] = out[i - 1] + 0.5 * (values[i] + values[i - 1]) * (times[i] - times[i - 1]);
  }
  return out;
}
