/** Index of the largest value in values[from, to) (the first one on ties); -1 when the range is empty. */
export function argMax(values: ArrayLike<number>, from = 0, to = values.length): number {
  let best = -1;
  let max = -Infinity;
  for (let i = from; i < to; i++) {
    if (values[i] > max) {
      max = values[i];
      best = i;
    }
  }
  return best;
}
