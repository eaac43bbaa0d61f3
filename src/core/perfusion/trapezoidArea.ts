/** ∫ f dt over the whole acquisition by the trapezoid rule at the frame times (s): units of f × s. */
export function trapezoidArea(times: ArrayLike<number>, values: ArrayLike<number>): number {
  let area = 0;
  for (let i = 1; i < times.length; i++) area += 0.5 * (values[i] + values[i - 1]) * (times[i] - times[i - 1]);
  return area;
}
