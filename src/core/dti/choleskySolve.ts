/**
 * In-place Cholesky factorisation and solve of a small symmetric positive-definite system,
 * float64, row-major n×n. Used for the 7×7 weighted normal equations of the tensor fit, so it
 * allocates nothing: the caller owns the scratch matrix and vectors.
 */

/**
 * Factorises `a` (row-major n×n, only the lower triangle read) into L·Lᵀ, L stored in the lower
 * triangle of `a`. Returns false when the matrix is not (numerically) positive definite, which
 * happens when the weights underflow or the scheme cannot determine a tensor.
 */
export function choleskyFactor(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
    if (!(d > 0)) return false; // also rejects NaN
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / ljj;
    }
  }
  return true;
}

/** Solves L·Lᵀ·x = b in place (`b` becomes x) with L from {@link choleskyFactor}. */
export function choleskySubstitute(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * b[k];
    b[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
    b[i] = s / l[i * n + i];
  }
}
