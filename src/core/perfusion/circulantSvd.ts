import { Matrix, SVD } from 'ml-matrix';

/**
 * The singular value decomposition of the block-circulant AIF matrix (Wu et al., MRM 2003;50:164),
 * computed once per AIF and shared by every voxel (plain typed arrays: it survives structured cloning).
 */
export interface CirculantSvd {
  /** Samples of the curves on the uniform grid (n); the matrix is L × L with L = 2n. */
  n: number;
  L: number;
  /** Grid interval, s. */
  dt: number;
  /** Singular values, descending, in ΔHU·s. */
  s: Float64Array;
  /**
   * Left singular vectors, component-major: uT[k·L + i] = U[i][k] (row k of Uᵀ), so a voxel's
   * projection onto component k reads one contiguous row.
   */
  uT: Float64Array;
  /** Right singular vectors, component-major likewise: vT[k·L + i] = V[i][k]. */
  vT: Float64Array;
}

/**
 * The block-circulant convolution matrix D[i][j] = dt · a[(i − j) mod L] of the arterial curve `aif`
 * (ΔHU on the uniform grid, n samples) zero-padded to L = 2n, and its SVD (ml-matrix).
 * Circulant wrap-around makes the deconvolution insensitive to a tissue curve arriving before or
 * after the AIF (Tmax of either sign within ±n samples); zero-padding to 2n keeps the wrap-around
 * from aliasing a curve onto itself.
 */
export function circulantSvd(aif: ArrayLike<number>, dt: number): CirculantSvd {
  const n = aif.length;
  const L = 2 * n;
  const at = (k: number): number => (k >= 0 && k < n ? aif[k] : 0);
  const d = new Matrix(L, L);
  for (let i = 0; i < L; i++) {
    for (let j = 0; j < L; j++) {
      const k = (i - j + L) % L;
      d.set(i, j, (dt / 6) * (at(k - 1) + 4 * at(k) + at(k + 1)));
    }
  }
  const svd = new SVD(d, { autoTranspose: false });
  const uT = new Float64Array(L * L);
  const vT = new Float64Array(L * L);
  const U = svd.leftSingularVectors;
  const V = svd.rightSingularVectors;
  for (let k = 0; k < L; k++) {
    for (let i = 0; i < L; i++) {
      uT[k * L + i] = U.get(i, k);
      vT[k * L + i] = V.get(i, k);
    }
  }
  return { n, L, dt, s: Float64Array.from(svd.diagonal), uT, vT };
}
