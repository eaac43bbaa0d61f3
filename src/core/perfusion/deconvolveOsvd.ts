import type { CirculantSvd } from './circulantSvd';
import { oscillationIndex } from './oscillationIndex';

/** Work buffers of deconvolveOsvd, reused voxel after voxel (length L each). */
export interface OsvdScratch {
  coefficients: Float64Array;
}

export function osvdScratch(L: number): OsvdScratch {
  return { coefficients: new Float64Array(L) };
}

/** Singular values this close (relative) are one pair: a circulant's sine and cosine of one frequency. */
const SAME_VALUE = 1e-9;

/**
 * Oscillation-index-regularised block-circulant SVD deconvolution (oSVD, Wu et al. 2003) of one
 * tissue curve `tissue` (ΔHU on the uniform grid, n samples; zero-padded to L).
 *
 * Writes f = CBF · R(t) (1/s: flow per unit tissue volume times the residue function, at grid
 * times 0..L−1 · dt, indices ≥ n meaning negative delays) into `out` and returns how many
 * singular components it kept. Components are added in descending order of singular value
 * (pairs of equal values together); the residue kept is the last one before the first whose
 * oscillation index (see oscillationIndex) exceeds `maxOscillation` (a residue with no positive
 * value, as a curve with a negative mean starts, does not stop the search: the first acceptable one
 * is kept). Truncating is a low-pass filter: a residue sharper
 * than the kept frequencies (high flow, short MTT) is flattened, so CBF is underestimated: on
 * noise-free synthetic curves (1 s frames, AIF FWHM 8.6 s) CBF reads 77–100 % of truth at
 * 20 ml/100 ml/min (MTT 6 s), 74–98 % at 60 (MTT 4 s), 66–87 % at 80 (MTT 3 s), varying with how
 * the delay falls on the grid; CBV (the area, carried by the first component) is not biased.
 *
 * Speed (it is the per-voxel cost of the maps): the residue is built in `out` itself, component
 * rows read contiguously (uT, vT), projections made only up to the stop, and the components added after the last accepted residue are
 * subtracted again at the stop instead of copying every accepted residue.
 */
export function deconvolveOsvd(
  svd: CirculantSvd,
  tissue: ArrayLike<number>,
  maxOscillation: number,
  out: Float64Array,
  scratch: OsvdScratch = osvdScratch(svd.L),
): number {
  const { L, n, s, uT, vT } = svd;
  const p = scratch.coefficients;
  const floor = s[0] * 1e-10;
  let usable = 0;
  while (usable < L && s[usable] > floor) usable++;
  out.fill(0);
  let kept = 0;
  let k = 0;
  for (; k < usable; k++) {
    // The projection onto component k, made only for the components reached (about a third).
    let dot = 0;
    for (let i = 0, row = k * L; i < n; i++) dot += uT[row + i] * tissue[i];
    const c = (p[k] = dot / s[k]);
    for (let i = 0, row = k * L; i < L; i++) out[i] += vT[row + i] * c;
    if (k + 1 < L && s[k] - s[k + 1] <= SAME_VALUE * s[0]) continue;
    if (oscillationIndex(out, L) > maxOscillation) {
      if (kept > 0) break;
      continue;
    }
    kept = k + 1;
  }
  if (kept === 0) {
    out.fill(0);
    return 0;
  }
  // Back to the last accepted residue: remove the components added after it.
  for (let j = kept, last = Math.min(k, usable - 1); j <= last; j++) {
    const c = p[j];
    for (let i = 0, row = j * L; i < L; i++) out[i] -= vT[row + i] * c;
  }
  return kept;
}
