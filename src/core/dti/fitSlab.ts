import { expFast } from './expFast';
import { N_PARAMS, type FitScheme } from './fitScheme';
import { allocateSlabMaps, type SlabMaps } from './slabMaps';
import { logFloat32Bits } from './logFloat32';
import { PACKED_7, solveNormal7 } from './solveNormal7';
import { EIGEN_RECORD_LENGTH, storeVoxelFit, VOXEL_FIT_LENGTH } from './storeVoxelFit';
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
  /**
   * Signals ≤ 0 (or below this) are raised to it before the log: a positive floor in signal units.
   * NaN: not known yet; the caller then passes fitSlab a `lazyFloor`, or asks fitSlabSimd to defer it.
   */
  minSignal: number;
  /** Compute the residual map (default true); false leaves it 0 (see FitOptions.residual). */
  residual?: boolean;
}

/** Voxels between progress callbacks: frequent enough for a smooth bar, rare enough to cost nothing. */
const PROGRESS_EVERY = 8192;

/**
 * Masked voxels gathered together: each volume's memory is read in ascending addresses, and the
 * block's signals and logs (2 × 4 B × m × BLOCK, 16 KiB for 32 volumes) stay in L1.
 */
const BLOCK = 64;

/** Weighted refits after the first WLS step for IWLS (MRtrix3 dwi2tensor's default -iter 2). */
const IWLS_EXTRA_ITERATIONS = 2;

/**
 * Log-linear tensor fit of every masked voxel of a slab. OLS uses the precomputed pseudo-inverse;
 * WLS refits once with weights = (OLS-predicted signal)², dipy's default; IWLS repeats that
 * reweighting twice more. Scratch is allocated once per call.
 *
 * Speed (this is the hot loop of the app): signals are gathered per block of masked voxels, one
 * volume at a time, into a voxel-major scratch so every per-voxel loop walks contiguous memory;
 * logs and exponentials use inlinable table versions (logFloat32, expFast); the weighted normal
 * equations sum only their 28 distinct entries, seven independent sums per pass over the
 * measurements so nothing spills; imported constants are copied to locals because a bundler's
 * live bindings can turn them into getter calls inside the loops. The work is done by fitBlock,
 * called once per block, so the JIT optimises it as a normal function within the first slab of
 * a fresh worker (rather than by on-stack replacement of one long loop), and its rarely taken
 * paths (failed or non-positive voxels, signals at the floor) hold no operation that lacks type
 * feedback, which would throw the optimised code away the first time a real series hits them.
 *
 * Eigenvalues below 0 are clamped to 0 for every metric (voxel counted in nonPositiveEigen);
 * a voxel whose fit is not finite is counted in failed and left at 0.
 * `onProgress(done)` reports voxels of the range visited so far. `lazyFloor` gives the floor when
 * `input.minSignal` is NaN (this kernel asks for it at once).
 */
export function fitSlab(input: SlabInput, onProgress?: (done: number) => void, lazyFloor?: () => number): SlabMaps {
  const { scheme, estimator, signals, volumeStride, base, start, count, mask } = input;
  const minSignal = Number.isNaN(input.minSignal) && lazyFloor ? lazyFloor() : input.minSignal;
  const out = allocateSlabMaps(start, count);
  const m = scheme.m;
  const rowOffset = new Int32Array(m);
  for (let i = 0; i < m; i++) rowOffset[i] = scheme.volumes[i] * volumeStride - base + start;
  const floor = minSignal > 0 ? minSignal : Number.MIN_VALUE;
  const k: Kernel = {
    m,
    design: scheme.design,
    pinvT: scheme.pinvT,
    products: scheme.products,
    reweightings: estimator === 'ols' ? 0 : estimator === 'wls' ? 1 : 1 + IWLS_EXTRA_ITERATIONS,
    residualRows: input.residual === false ? 0 : m,
    signals,
    // The same memory as 32-bit integers: the log reads exponent and mantissa straight from the bits.
    bits: new Int32Array(signals.buffer, signals.byteOffset, signals.length),
    rowOffset,
    floor,
    logFloor: Math.log(floor),
    blockIdx: new Int32Array(BLOCK),
    sigB: new Float32Array(m * BLOCK),
    logB: new Float64Array(m * BLOCK),
    w: new Float64Array(m),
    wy: new Float64Array(m),
    x: new Float64Array(N_PARAMS),
    normal: new Float64Array(PACKED_7),
    fit: new Float64Array(VOXEL_FIT_LENGTH),
    eig: new Float64Array(EIGEN_RECORD_LENGTH),
    out,
  };
  let nextProgress = PROGRESS_EVERY;
  for (let n0 = 0; n0 < count; n0 += BLOCK) {
    if (onProgress !== undefined && n0 >= nextProgress) {
      onProgress(n0);
      nextProgress += PROGRESS_EVERY;
    }
    const n1 = Math.min(count, n0 + BLOCK);
    let nb = 0;
    for (let n = n0; n < n1; n++) if (mask === null || mask[n] !== 0) k.blockIdx[nb++] = n;
    if (nb > 0) fitBlock(k, nb);
  }
  onProgress?.(count);
  return out;
}

/** Everything fitBlock needs: the scheme, where the signals are, scratch and outputs (with counts). */
interface Kernel {
  m: number;
  design: Float64Array;
  pinvT: Float64Array;
  products: Float64Array;
  reweightings: number;
  /** Measurements summed into the residual: m, or 0 when the residual map is not wanted. */
  residualRows: number;
  signals: Float32Array;
  bits: Int32Array;
  /** Element offset of slab voxel 0 in each fitted measurement's volume. */
  rowOffset: Int32Array;
  floor: number;
  logFloor: number;
  /** Slab voxel index of each masked voxel of the block. */
  blockIdx: Int32Array;
  /** Block scratch, voxel-major: [c · m + i] for measurement i of the c-th voxel of the block. */
  sigB: Float32Array;
  logB: Float64Array;
  w: Float64Array;
  wy: Float64Array;
  x: Float64Array;
  normal: Float64Array;
  /** One voxel's solution for storeVoxelFit (tensor, ln S0, residual). */
  fit: Float64Array;
  eig: Float64Array;
  /** Maps and counts written by the block. */
  out: SlabMaps;
}

/** Fits the `nb` masked voxels listed in k.blockIdx and writes their maps. */
function fitBlock(k: Kernel, nb: number): void {
  const { m, design, pinvT, products, reweightings, residualRows, signals, bits, rowOffset, floor, logFloor, blockIdx, sigB, logB, w, wy, x, normal, fit, eig } = k;
  const NP = N_PARAMS;
  const NQ = PACKED_7;
  const log32 = logFloat32Bits;
  const exp = expFast;
  let failed = 0;
  // Gather by measurement: each volume is read in ascending addresses, so memory streams.
  for (let i = 0; i < m; i++) {
    const off = rowOffset[i];
    for (let c = 0, r = i; c < nb; c++, r += m) {
      const o = off + blockIdx[c];
      const s = signals[o];
      const b = bits[o];
      sigB[r] = s;
      // Positive normal finite float32 above the floor (the usual case) by table; at or below the
      // floor (zero, negative, NaN) the floor's log; subnormal or infinite by Math.log.
      logB[r] = s > floor ? (b >= 0x00800000 && b < 0x7f800000 ? log32(b) : Math.log(s)) : logFloor;
    }
  }
  for (let c = 0; c < nb; c++) {
    const y0 = c * m;
    // Logs are fitted relative to the voxel's first one (pinv·1 = e₆, so only ln S0 shifts):
    // a flat signal then gives an exactly zero tensor, and ln S ≈ 5–10 cancels no digits.
    const yRef = logB[y0];
    // OLS: x = pinv · ln S, seven independent running sums (no add-latency chain).
    let x0 = 0, x1 = 0, x2 = 0, x3 = 0, x4 = 0, x5 = 0, x6 = 0;
    for (let i = 0, r = 0; i < m; i++, r += NP) {
      const y = logB[y0 + i] - yRef;
      x0 += pinvT[r] * y;
      x1 += pinvT[r + 1] * y;
      x2 += pinvT[r + 2] * y;
      x3 += pinvT[r + 3] * y;
      x4 += pinvT[r + 4] * y;
      x5 += pinvT[r + 5] * y;
      x6 += pinvT[r + 6] * y;
    }
    x6 += yRef;
    let ok = true;
    for (let it = 0; it < reweightings; it++) {
      // wᵢ = predicted Sᵢ² = exp(Aᵢx)²
      for (let i = 0, r = 0; i < m; i++, r += NP) {
        const e = design[r] * x0 + design[r + 1] * x1 + design[r + 2] * x2 + design[r + 3] * x3 + design[r + 4] * x4 + design[r + 5] * x5 + x6;
        const p = exp(e);
        const wi = p * p;
        w[i] = wi;
        wy[i] = wi * (logB[y0 + i] - yRef);
      }
      // AᵀWA = Σᵢ wᵢ·products[i], 28 entries in four passes of seven sums; then AᵀW·ln S.
      for (let q = 0; q < NQ; q += 7) {
        let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0;
        for (let i = 0, r = q; i < m; i++, r += NQ) {
          const wi = w[i];
          a0 += products[r] * wi;
          a1 += products[r + 1] * wi;
          a2 += products[r + 2] * wi;
          a3 += products[r + 3] * wi;
          a4 += products[r + 4] * wi;
          a5 += products[r + 5] * wi;
          a6 += products[r + 6] * wi;
        }
        normal[q] = a0;
        normal[q + 1] = a1;
        normal[q + 2] = a2;
        normal[q + 3] = a3;
        normal[q + 4] = a4;
        normal[q + 5] = a5;
        normal[q + 6] = a6;
      }
      let r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0, r5 = 0, r6 = 0;
      for (let i = 0, r = 0; i < m; i++, r += NP) {
        const v = wy[i];
        r0 += design[r] * v;
        r1 += design[r + 1] * v;
        r2 += design[r + 2] * v;
        r3 += design[r + 3] * v;
        r4 += design[r + 4] * v;
        r5 += design[r + 5] * v;
        r6 += v;
      }
      x[0] = r0;
      x[1] = r1;
      x[2] = r2;
      x[3] = r3;
      x[4] = r4;
      x[5] = r5;
      x[6] = r6;
      if (!solveNormal7(normal, x)) {
        ok = false; // weights underflowed or overflowed: no weighted solution for this voxel
        break;
      }
      x0 = x[0];
      x1 = x[1];
      x2 = x[2];
      x3 = x[3];
      x4 = x[4];
      x5 = x[5];
      x6 = x[6] + yRef;
    }
    failed += ok ? 0 : 1;
    if (!ok) continue;
    // RMS of measured − predicted signal (a loop of no rows when the residual is not wanted).
    let ss = 0;
    for (let i = 0, r = 0; i < residualRows; i++, r += NP) {
      const e = design[r] * x0 + design[r + 1] * x1 + design[r + 2] * x2 + design[r + 3] * x3 + design[r + 4] * x4 + design[r + 5] * x5 + x6;
      const d = sigB[y0 + i] - exp(e);
      ss += d * d;
    }
    fit[0] = x0;
    fit[1] = x1;
    fit[2] = x2;
    fit[3] = x3;
    fit[4] = x4;
    fit[5] = x5;
    fit[6] = x6;
    fit[7] = Math.sqrt(ss / m);
    storeVoxelFit(fit, eig, k.out, blockIdx[c]);
  }
  k.out.counts.failed += failed;
}
