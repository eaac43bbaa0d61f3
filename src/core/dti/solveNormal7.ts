/**
 * Solve of the 7×7 weighted normal equations (AᵀWA)·x = AᵀW·ln S of the log-linear tensor fit,
 * allocation-free. The matrix is symmetric, so only its 28 lower-triangle entries are accumulated
 * and passed, packed row by row: entry (k, l), l ≤ k, at k(k+1)/2 + l. Units are those of the
 * fit (tensor in µm²/ms, ln S0), which keep the system well scaled.
 *
 * LDLᵀ rather than Cholesky: no square roots, and one reciprocal per pivot instead of divisions.
 */

/** Unknowns of the log-linear tensor model. */
const N = 7;

/** Packed size of a 7×7 lower triangle. */
export const PACKED_7 = 28;

/**
 * Factorises `a` (28 packed entries) in place into L (unit lower, off-diagonal entries) and D
 * (diagonal entries), then overwrites `b` (7 entries) with the solution. Returns false when a
 * pivot is not positive (or NaN): the matrix is not numerically positive definite, which happens
 * when the weights underflow or overflow. `b` is then unspecified.
 */
export function solveNormal7(a: Float64Array, b: Float64Array): boolean {
  for (let j = 0, jj = 0; j < N; j++, jj += j) {
    // jj = j(j+1)/2: start of row j
    let d = a[jj + j];
    for (let k = 0, kk = 0; k < j; k++, kk += k) {
      const ljk = a[jj + k];
      d -= ljk * ljk * a[kk + k];
    }
    if (!(d > 0)) return false;
    a[jj + j] = d;
    const inv = 1 / d;
    for (let i = j + 1, ii = jj + j + 1; i < N; i++, ii += i) {
      // a[ii + j] holds (i, j); subtract Σ L(i,k)·D(k)·L(j,k) over k < j
      let s = a[ii + j];
      for (let k = 0, kk = 0; k < j; k++, kk += k) s -= a[ii + k] * a[kk + k] * a[jj + k];
      a[ii + j] = s * inv;
    }
  }
  // L·y = b
  for (let i = 1, ii = 1; i < N; i++, ii += i) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= a[ii + k] * b[k];
    b[i] = s;
  }
  // D·Lᵀ·x = y
  for (let i = N - 1; i >= 0; i--) {
    const ii = (i * (i + 1)) / 2;
    let s = b[i] / a[ii + i];
    for (let k = i + 1, kk = (k * (k + 1)) / 2; k < N; k++, kk += k) s -= a[kk + i] * b[k];
    b[i] = s;
  }
  return true;
}
