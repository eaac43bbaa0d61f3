import { choleskyFactor, choleskySubstitute } from './choleskySolve';
import { eigenSymmetric3 } from './eigenSymmetric3';
import { B_SCALE, N_PAIRS, N_PARAMS, type FitScheme } from './fitScheme';
import { allocateSlabMaps, type SlabMaps } from './slabMaps';
import { axialDiffusivity, fractionalAnisotropy, meanDiffusivity, radialDiffusivity } from './tensorMetrics';
import type { Estimator } from './types';

/** Where a slab's signals are and which voxels to fit. */
export interface SlabInput {
  scheme: FitScheme;
  estimator: Estimator;
  /**
   * Signals of every source volume t (not only fitted ones): voxel v of volume t is at
   * signals[t * volumeStride + (v − base)]. The whole Volume4D data (base 0, stride nx·ny·nz,
   * possibly a SharedArrayBuffer view) or a packed slab copy (base = start, stride = count).
   */
  signals: Float32Array;
  volumeStride: number;
  base: number;
  /** Voxel range [start, start + count) in the volume's voxel index. */
  start: number;
  count: number;
  /** mask[n] for voxel start + n; 0 = not fitted (outputs stay 0). Null fits every voxel. */
  mask: Uint8Array | null;
  /** Signals ≤ 0 (or below this) are raised to it before the log: a positive floor in signal units. */
  minSignal: number;
}

/** Voxels between progress callbacks: frequent enough for a smooth bar, rare enough to cost nothing. */
const PROGRESS_EVERY = 8192;

/** Weighted refits after the first WLS step for IWLS (MRtrix3 dwi2tensor's default -iter 2). */
const IWLS_EXTRA_ITERATIONS = 2;

/**
 * Log-linear tensor fit of every masked voxel of a slab. OLS uses the precomputed pseudo-inverse;
 * WLS refits once with weights = (OLS-predicted signal)², dipy's default; IWLS repeats that
 * reweighting twice more. Per-voxel scratch is allocated once per call.
 *
 * Eigenvalues below 0 are clamped to 0 for every metric (voxel counted in nonPositiveEigen);
 * a voxel whose fit is not finite is counted in failed and left at 0.
 * `onProgress(done)` reports voxels of the range visited so far.
 */
export function fitSlab(input: SlabInput, onProgress?: (done: number) => void): SlabMaps {
  const { scheme, estimator, signals, volumeStride, base, start, count, mask, minSignal } = input;
  const out = allocateSlabMaps(start, count);
  const { fa, md, ad, rd, l1: L1, l2: L2, l3: L3, s0: S0, residual } = out.scalars;
  const { v1, colorFa, counts } = out;
  const { m, design, pinv, pairs } = scheme;
  const rowOffset = new Int32Array(m);
  for (let i = 0; i < m; i++) rowOffset[i] = scheme.volumes[i] * volumeStride - base;
  const sig = new Float64Array(m);
  const logSig = new Float64Array(m);
  const w = new Float64Array(m);
  const x = new Float64Array(N_PARAMS);
  const normal = new Float64Array(N_PARAMS * N_PARAMS);
  const acc = new Float64Array(N_PAIRS);
  const eig = new Float64Array(6);
  const reweightings = estimator === 'ols' ? 0 : estimator === 'wls' ? 1 : 1 + IWLS_EXTRA_ITERATIONS;
  const floor = minSignal > 0 ? minSignal : Number.MIN_VALUE;

  for (let n = 0; n < count; n++) {
    if (onProgress !== undefined && n > 0 && n % PROGRESS_EVERY === 0) onProgress(n);
    if (mask !== null && mask[n] === 0) continue;
    const v = start + n;
    for (let i = 0; i < m; i++) {
      const s = signals[rowOffset[i] + v];
      sig[i] = s;
      logSig[i] = Math.log(s > floor ? s : floor);
    }
    // OLS: x = pinv · ln S
    for (let k = 0; k < N_PARAMS; k++) {
      let s = 0;
      const r = k * m;
      for (let i = 0; i < m; i++) s += pinv[r + i] * logSig[i];
      x[k] = s;
    }
    for (let it = 0; it < reweightings; it++) {
      // wᵢ = predicted Sᵢ² = exp(2·Aᵢx)
      for (let i = 0; i < m; i++) {
        const r = i * N_PARAMS;
        const e =
          design[r] * x[0] + design[r + 1] * x[1] + design[r + 2] * x[2] + design[r + 3] * x[3] +
          design[r + 4] * x[4] + design[r + 5] * x[5] + x[6];
        w[i] = Math.exp(2 * e);
      }
      acc.fill(0);
      for (let k = 0; k < N_PARAMS; k++) x[k] = 0;
      for (let i = 0; i < m; i++) {
        const wi = w[i];
        const p = i * N_PAIRS;
        for (let q = 0; q < N_PAIRS; q++) acc[q] += wi * pairs[p + q];
        const wy = wi * logSig[i];
        const r = i * N_PARAMS;
        for (let k = 0; k < N_PARAMS; k++) x[k] += wy * design[r + k];
      }
      let q = 0;
      for (let k = 0; k < N_PARAMS; k++) {
        for (let l = k; l < N_PARAMS; l++) normal[l * N_PARAMS + k] = acc[q++];
      }
      if (!choleskyFactor(normal, N_PARAMS)) {
        x[0] = NaN; // weights underflowed or overflowed: no weighted solution for this voxel
        break;
      }
      choleskySubstitute(normal, N_PARAMS, x);
    }

    eigenSymmetric3(x[0], x[1], x[2], x[3], x[4], x[5], eig);
    let l1 = eig[0] * B_SCALE;
    let l2 = eig[1] * B_SCALE;
    let l3 = eig[2] * B_SCALE;
    const s0 = Math.exp(x[6]);
    let ss = 0;
    for (let i = 0; i < m; i++) {
      const r = i * N_PARAMS;
      const e =
        design[r] * x[0] + design[r + 1] * x[1] + design[r + 2] * x[2] + design[r + 3] * x[3] +
        design[r + 4] * x[4] + design[r + 5] * x[5] + x[6];
      const d = sig[i] - Math.exp(e);
      ss += d * d;
    }
    const res = Math.sqrt(ss / m);
    if (!Number.isFinite(l1) || !Number.isFinite(l3) || !Number.isFinite(s0) || !Number.isFinite(res) || !Number.isFinite(eig[3])) {
      counts.failed++;
      continue;
    }
    if (l3 <= 0) {
      counts.nonPositiveEigen++;
      if (l1 < 0) l1 = 0;
      if (l2 < 0) l2 = 0;
      if (l3 < 0) l3 = 0;
    }
    counts.fitted++;
    const f = fractionalAnisotropy(l1, l2, l3);
    fa[n] = f;
    md[n] = meanDiffusivity(l1, l2, l3);
    ad[n] = axialDiffusivity(l1);
    rd[n] = radialDiffusivity(l2, l3);
    L1[n] = l1;
    L2[n] = l2;
    L3[n] = l3;
    S0[n] = s0;
    residual[n] = res;
    const o = 3 * n;
    v1[o] = eig[3];
    v1[o + 1] = eig[4];
    v1[o + 2] = eig[5];
    colorFa[o] = Math.round(255 * Math.abs(eig[3]) * f);
    colorFa[o + 1] = Math.round(255 * Math.abs(eig[4]) * f);
    colorFa[o + 2] = Math.round(255 * Math.abs(eig[5]) * f);
  }
  onProgress?.(count);
  return out;
}
