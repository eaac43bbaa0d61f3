/**
 * Oscillation index of a deconvolved residue f (Wu et al. 2003, eq. 8), dimensionless:
 * OI = (1/L) · (1/max f) · Σ_{k=2}^{L−1} |f[k] − 2f[k−1] + f[k−2]|, the mean absolute second
 * difference relative to the peak. A smooth residue scores near 0; noise amplified by
 * small singular values scores high. Returns Infinity when max f ≤ 0. One pass (it runs once per
 * singular component of every voxel).
 */
export function oscillationIndex(f: ArrayLike<number>, length = f.length): number {
  let max = length > 1 && f[1] > f[0] ? f[1] : f[0];
  let sum = 0;
  for (let k = 2; k < length; k++) {
    const x = f[k];
    if (x > max) max = x;
    const d = x - 2 * f[k - 1] + f[k - 2];
    sum += d < 0 ? -d : d;
  }
  if (!(max > 0)) return Infinity;
  return sum / (length * max);
}
