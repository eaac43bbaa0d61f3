/**
 * Mean time of a deconvolved residue f (circulant grid of L samples at dt s), s: the circular mean,
 * from the phase of f's first Fourier coefficient, negative for indices past L/2. The tissue's
 * vascular curve follows the AIF late by this (delay + MTT for plug flow into an exponential
 * washout), to first order in the AIF's slope. Truncating the SVD keeps the lowest frequencies,
 * so this survives the smoothing that flattens the peak and is robust to noise in the tail.
 */
export function residueCentroid(f: ArrayLike<number>, dt: number): number {
  const L = f.length;
  let re = 0;
  let im = 0;
  for (let j = 0; j < L; j++) {
    const angle = (2 * Math.PI * j) / L;
    re += f[j] * Math.cos(angle);
    im += f[j] * Math.sin(angle);
  }
  let index = (Math.atan2(im, re) * L) / (2 * Math.PI);
  if (index > L / 2) index -= L;
  return index * dt;
}
