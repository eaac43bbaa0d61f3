import { choleskyFactor, choleskySubstitute } from './choleskySolve';
import { eigenSymmetric3 } from './eigenSymmetric3';
import { B_SCALE, N_PARAMS, type FitScheme } from './fitScheme';
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

/** Voxels gathered and OLS-fitted together: streams each volume's memory and keeps scratch in L1/L2. */
const BLOCK = 128;

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
  const { m, design, pinvT } = scheme;
  const rowOffset = new Int32Array(m);
  for (let i = 0; i < m; i++) rowOffset[i] = scheme.volumes[i] * volumeStride - base + start;
  // Block scratch, row-major by measurement: [i * BLOCK + c] for the c-th masked voxel of the block.
  const blockIdx = new Int32Array(BLOCK);
  const sigB = new Float64Array(m * BLOCK);
  const logB = new Float64Array(m * BLOCK);
  const sig = new Float64Array(m);
  const logSig = new Float64Array(m);
  const w = new Float64Array(m);
  const x = new Float64Array(N_PARAMS);
  const normal = new Float64Array(N_PARAMS * N_PARAMS);
  const eig = new Float64Array(6);
  const reweightings = estimator === 'ols' ? 0 : estimator === 'wls' ? 1 : 1 + IWLS_EXTRA_ITERATIONS;
  const floor = minSignal > 0 ? minSignal : Number.MIN_VALUE;
  let nextProgress = PROGRESS_EVERY;

  for (let n0 = 0; n0 < count; n0 += BLOCK) {
    if (onProgress !== undefined && n0 >= nextProgress) {
      onProgress(n0);
      nextProgress += PROGRESS_EVERY;
    }
    const n1 = Math.min(count, n0 + BLOCK);
    let nb = 0;
    for (let n = n0; n < n1; n++) if (mask === null || mask[n] !== 0) blockIdx[nb++] = n;
    if (nb === 0) continue;
    // Gather by measurement: each volume is read in ascending addresses, so memory streams.
    for (let i = 0; i < m; i++) {
      const off = rowOffset[i];
      const r = i * BLOCK;
      for (let c = 0; c < nb; c++) {
        const s = signals[off + blockIdx[c]];
        sigB[r + c] = s;
        logB[r + c] = Math.log(s > floor ? s : floor);
      }
    }
    for (let c = 0; c < nb; c++) {
      const n = blockIdx[c];
      // OLS: x = pinv · ln S, seven independent running sums (no add-latency chain).
      let x0 = 0, x1 = 0, x2 = 0, x3 = 0, x4 = 0, x5 = 0, x6 = 0;
      for (let i = 0; i < m; i++) {
        const s = sigB[i * BLOCK + c];
        const y = logB[i * BLOCK + c];
        sig[i] = s;
        logSig[i] = y;
        const r = i * N_PARAMS;
        x0 += pinvT[r] * y;
        x1 += pinvT[r + 1] * y;
        x2 += pinvT[r + 2] * y;
        x3 += pinvT[r + 3] * y;
        x4 += pinvT[r + 4] * y;
        x5 += pinvT[r + 5] * y;
        x6 += pinvT[r + 6] * y;
      }
      x[0] = x0;
      x[1] = x1;
      x[2] = x2;
      x[3] = x3;
      x[4] = x4;
      x[5] = x5;
      x[6] = x6;
      for (let it = 0; it < reweightings; it++) {
        // wᵢ = predicted Sᵢ² = exp(2·Aᵢx)
        for (let i = 0; i < m; i++) {
          const r = i * N_PARAMS;
          const e =
            design[r] * x[0] + design[r + 1] * x[1] + design[r + 2] * x[2] + design[r + 3] * x[3] +
            design[r + 4] * x[4] + design[r + 5] * x[5] + x[6];
          w[i] = Math.exp(2 * e);
        }
        // AᵀWA (lower triangle) and AᵀW·ln S in one pass over the measurements, 35 independent sums.
        let n00 = 0, n01 = 0, n02 = 0, n03 = 0, n04 = 0, n05 = 0, n06 = 0, n11 = 0, n12 = 0, n13 = 0, n14 = 0, n15 = 0, n16 = 0, n22 = 0;
        let n23 = 0, n24 = 0, n25 = 0, n26 = 0, n33 = 0, n34 = 0, n35 = 0, n36 = 0, n44 = 0, n45 = 0, n46 = 0, n55 = 0, n56 = 0, n66 = 0, r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0, r5 = 0, r6 = 0;
        for (let i = 0; i < m; i++) {
          const r = i * N_PARAMS;
          const wi = w[i];
          const d0 = design[r], d1 = design[r + 1], d2 = design[r + 2], d3 = design[r + 3], d4 = design[r + 4], d5 = design[r + 5];
          const a0 = wi * d0, a1 = wi * d1, a2 = wi * d2, a3 = wi * d3, a4 = wi * d4, a5 = wi * d5;
          n00 += a0 * d0; n01 += a0 * d1; n02 += a0 * d2; n03 += a0 * d3; n04 += a0 * d4; n05 += a0 * d5; n06 += a0;
          n11 += a1 * d1; n12 += a1 * d2; n13 += a1 * d3; n14 += a1 * d4; n15 += a1 * d5; n16 += a1;
          n22 += a2 * d2; n23 += a2 * d3; n24 += a2 * d4; n25 += a2 * d5; n26 += a2;
          n33 += a3 * d3; n34 += a3 * d4; n35 += a3 * d5; n36 += a3;
          n44 += a4 * d4; n45 += a4 * d5; n46 += a4;
          n55 += a5 * d5; n56 += a5;
          n66 += wi;
          const y = logSig[i];
          r0 += a0 * y; r1 += a1 * y; r2 += a2 * y; r3 += a3 * y; r4 += a4 * y; r5 += a5 * y; r6 += wi * y;
        }
        normal[0] = n00; normal[7] = n01; normal[14] = n02; normal[21] = n03; normal[28] = n04; normal[35] = n05; normal[42] = n06;
        normal[8] = n11; normal[15] = n12; normal[22] = n13; normal[29] = n14; normal[36] = n15; normal[43] = n16; normal[16] = n22;
        normal[23] = n23; normal[30] = n24; normal[37] = n25; normal[44] = n26; normal[24] = n33; normal[31] = n34; normal[38] = n35;
        normal[45] = n36; normal[32] = n44; normal[39] = n45; normal[46] = n46; normal[40] = n55; normal[47] = n56; normal[48] = n66;
        x[0] = r0; x[1] = r1; x[2] = r2; x[3] = r3; x[4] = r4; x[5] = r5; x[6] = r6;
        if (!choleskyFactor(normal, N_PARAMS)) {
          x[0] = NaN; // weights underflowed or overflowed: no weighted solution for this voxel
          break;
        }
        choleskySubstitute(normal, N_PARAMS, x);
      }
      writeVoxel(n);
    }
  }
  onProgress?.(count);
  return out;

  /** Eigen-decomposition, metrics and residual of slab voxel n from x and sig. */
  function writeVoxel(n: number): void {
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
      return;
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
}
