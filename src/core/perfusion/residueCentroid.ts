/** cos and sin of 2πj/L, j < L, made once per L (one per grid; every voxel of a computation shares it). */
const circles = new Map<number, { cos: Float64Array; sin: Float64Array }>();

function unitCircle(L: number): { cos: Float64Array; sin: Float64Array } {
  let c = circles.get(L);
  if (!c) {
    c = { cos: new Float64Array(L), sin: new Float64Array(L) };
    for (let j = 0; j < L; j++) {
      c.cos[j] = Math.cos((2 * Math.PI * j) / L);
      c.sin[j] = Math.sin((2 * Math.PI * j) / L);
    }
    circles.set(L, c);
  }
  return c;
}

/**
 * Mean time of a deconvolved residue f (circulant grid of L samples at dt s), s: the circular mean,
 * from the phase of f's first Fourier coefficient, negative for indices past L/2. The tissue's
 * vascular curve follows the AIF late by this (delay + MTT for plug flow into an exponential
 * washout), to first order in the AIF's slope. Truncating the SVD keeps the lowest frequencies,
 * so this survives the smoothing that flattens the peak and is robust to noise in the tail.
 */
export function residueCentroid(f: ArrayLike<number>, dt: number): number {
  const L = f.length;
  const { cos, sin } = unitCircle(L);
  let re = 0;
  let im = 0;
  for (let j = 0; j < L; j++) {
    re += f[j] * cos[j];
    im += f[j] * sin[j];
  }
  let index = (Math.atan2(im, re) * L) / (2 * Math.PI);
  if (index > L / 2) index -= L;
  return index * dt;
}
