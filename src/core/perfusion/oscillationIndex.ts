/**
 * Oscillation index of a deconvolved residue f (Wu et al. 2003, eq. 8), dimensionless:
 * OI = (1/L) · (1/max f) · Σ_{k=2}^{L−1} |f[k] − 2f[k−1] + f[k−2]|, the mean absolute second
 * difference relative to the peak. A smooth residue scores near 0; noise amplified by
 * small singular values scores high. Returns Infinity when max f ≤ 0.
 */
export function oscillationIndex(f: ArrayLike<number>, length = f.length): number {
  let max = -Infinity;
  for (let k = 0; k < length; k++) if (f[k] > max) max = f[k];
  if (!(max > 0)) return Infinity;
  let sum = 0;
  for (let k = 2; k < length; k++) sum += Math.abs(f[k] - 2 * f[k - 1] + f[k - 2]);
  return sum / (length * max);
}
