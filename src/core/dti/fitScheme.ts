import { choleskyFactor, choleskySubstitute } from './choleskySolve';
import { PACKED_7 } from './solveNormal7';

/**
 * Volumes with b below this (s/mm²) are fitted as b = 0: Philips stores its "b0" as
 * 0.001–0.004 with a dummy (0.577, 0.577, 0.577) vector, and dipy / dcm2niix use the same cut-off.
 */
export const B0_THRESHOLD = 50;

/**
 * b-values enter the design in ms/µm² (s/mm² × 1e-3) so the tensor is solved in µm²/ms
 * (≈ 0.1–3): the 7×7 normal equations stay well conditioned. Multiply tensor entries by
 * this factor to get mm²/s.
 */
export const B_SCALE = 1e-3;

/** Number of unknowns of the log-linear model: Dxx, Dyy, Dzz, Dxy, Dxz, Dyz, ln S0. */
export const N_PARAMS = 7;

/**
 * The measurement scheme of one fit, precomputed once and shared by every voxel (and worker:
 * it is plain typed arrays, so it survives structured cloning).
 * Gradients are in whatever orthonormal frame the caller chose; the tensor (and V1) comes out
 * in that frame.
 */
export interface FitScheme {
  /** Source volume index t of each fitted measurement (row) i. */
  volumes: Int32Array;
  /** Row count m. */
  m: number;
  /** Design matrix m×7, row-major: [−b'gx², −b'gy², −b'gz², −2b'gxgy, −2b'gxgz, −2b'gygz, 1], b' = b·B_SCALE. */
  design: Float64Array;
  /**
   * OLS pseudo-inverse (AᵀA)⁻¹Aᵀ stored transposed, m×7 row-major (pinvT[i·7 + k]), so a voxel's
   * fit walks the measurements once with seven independent sums.
   */
  pinvT: Float64Array;
  /**
   * Products of design entries for the weighted normal equations, m×28 row-major: row i holds
   * A[i][k]·A[i][l] for l ≤ k packed as k(k+1)/2 + l, so AᵀWA = Σᵢ wᵢ·products[i] (see solveNormal7).
   */
  products: Float64Array;
  /** Source volumes treated as b0 (b < B0_THRESHOLD). */
  b0Volumes: Int32Array;
  /** b-values (s/mm², as given) of the fitted rows, for provenance. */
  bValues: Float64Array;
}

/**
 * Builds the scheme from per-volume b-values (s/mm²) and unit gradients (any orthonormal frame).
 * Excluded volumes (derived trace images) are left out, as are diffusion-weighted volumes with a
 * zero gradient, which carry no direction and would bias the tensor.
 * Throws when the remaining measurements cannot determine a tensor (fewer than 6 independent
 * directions or no b0 / second shell).
 */
export function buildFitScheme(
  bValues: ArrayLike<number>,
  gradients: ArrayLike<ArrayLike<number>>,
  excluded?: ArrayLike<boolean>,
): FitScheme {
  const rows: number[] = [];
  const b0: number[] = [];
  for (let t = 0; t < bValues.length; t++) {
    if (excluded?.[t]) continue;
    const b = bValues[t];
    if (!Number.isFinite(b)) continue;
    if (b < B0_THRESHOLD) {
      rows.push(t);
      b0.push(t);
      continue;
    }
    const g = gradients[t];
    const n2 = g[0] * g[0] + g[1] * g[1] + g[2] * g[2];
    if (n2 > 0.25) rows.push(t); // unit vectors; near-zero ones carry no direction
  }
  const m = rows.length;
  const design = new Float64Array(m * N_PARAMS);
  const fittedB = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const t = rows[i];
    const raw = bValues[t];
    fittedB[i] = raw;
    const r = i * N_PARAMS;
    design[r + 6] = 1;
    if (raw < B0_THRESHOLD) continue;
    const g = gradients[t];
    // Renormalise: headers round gradients to a few digits.
    const len = Math.hypot(g[0], g[1], g[2]);
    const x = g[0] / len;
    const y = g[1] / len;
    const z = g[2] / len;
    const b = raw * B_SCALE;
    design[r] = -b * x * x;
    design[r + 1] = -b * y * y;
    design[r + 2] = -b * z * z;
    design[r + 3] = -2 * b * x * y;
    design[r + 4] = -2 * b * x * z;
    design[r + 5] = -2 * b * y * z;
  }
  const normal = new Float64Array(N_PARAMS * N_PARAMS);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < N_PARAMS; k++) {
      for (let l = 0; l <= k; l++) normal[k * N_PARAMS + l] += design[i * N_PARAMS + k] * design[i * N_PARAMS + l];
    }
  }
  if (m < N_PARAMS || !choleskyFactor(normal, N_PARAMS) || !wellConditioned(normal)) {
    throw new Error(
      `gradient scheme cannot determine a diffusion tensor: ${m} usable volumes (${b0.length} b0); need ≥ 6 independent directions and a b0`,
    );
  }
  const pinvT = new Float64Array(m * N_PARAMS);
  for (let i = 0; i < m; i++) {
    const col = pinvT.subarray(i * N_PARAMS, (i + 1) * N_PARAMS);
    col.set(design.subarray(i * N_PARAMS, (i + 1) * N_PARAMS));
    choleskySubstitute(normal, N_PARAMS, col);
  }
  const products = new Float64Array(m * PACKED_7);
  for (let i = 0; i < m; i++) {
    for (let k = 0, e = i * PACKED_7; k < N_PARAMS; k++) {
      for (let l = 0; l <= k; l++) products[e++] = design[i * N_PARAMS + k] * design[i * N_PARAMS + l];
    }
  }
  return {
    volumes: Int32Array.from(rows),
    m,
    design,
    pinvT,
    products,
    b0Volumes: Int32Array.from(b0),
    bValues: fittedB,
  };
}

/**
 * Rejects a rank-deficient scheme that Cholesky let through by rounding (e.g. collinear
 * directions): the ratio of extreme pivots of L bounds the conditioning.
 */
function wellConditioned(l: Float64Array): boolean {
  let lo = Infinity;
  let hi = 0;
  for (let k = 0; k < N_PARAMS; k++) {
    const d = l[k * N_PARAMS + k];
    lo = Math.min(lo, d);
    hi = Math.max(hi, d);
  }
  return lo > hi * 1e-6;
}
