import type { UniformGrid } from './uniformGrid';

/**
 * The curve sampled at `times` (s, increasing) resampled onto the uniform grid by linear
 * interpolation (sparser late frames are joined by straight lines), written into `out` (length grid.n).
 */
export function resampleLinear(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  grid: UniformGrid,
  out: Float64Array,
): Float64Array {
  const last = times.length - 1;
  let j = 0;
  for (let i = 0; i < grid.n; i++) {
    const t = grid.t0 + i * grid.dt;
    while (j < last - 1 && times[j + 1] < t) j++;
    const t0 = times[j];
    const t1 = times[j + 1];
    const w = t >= t1 ? 1 : t <= t0 ? 0 : (t - t0) / (t1 - t0);
    out[i] = values[j] + w * (values[j + 1] - values[j]);
  }
  return out;
}
