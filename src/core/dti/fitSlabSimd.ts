import { N_PARAMS } from './fitScheme';
import type { SlabInput } from './fitSlab';
import { maskRuns } from './maskRuns';
import { allocateSlabMaps, type SlabMaps } from './slabMaps';
import { PACKED_7 } from './solveNormal7';
import { EIGEN_RECORD_LENGTH, storeEigenFit, storeVoxelFit, VOXEL_FIT_LENGTH } from './storeVoxelFit';

/**
 * The exports of the WebAssembly SIMD chunk kernel (assembly/dtiKernel.ts, built by
 * scripts/build-wasm.mjs): plain numbers and one linear memory, so this module needs no
 * WebAssembly types and stays pure; the worker adapters instantiate it.
 */
export interface SimdKernelExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  configure(
    m: number,
    reweightings: number,
    residual: number,
    chunk: number,
    pinvT: number,
    design: number,
    designF32: number,
    products: number,
    sig: number,
    logs: number,
    scratch: number,
    out: number,
    floor: number,
    logFloor: number,
  ): void;
  fitChunk(n: number): void;
}

/**
 * Voxels per kernel call. The chunk's signals (m × CHUNK float32, 128 KiB for 32 volumes) and
 * results stay in L2; large enough that the per-measurement copies into the kernel's memory cost
 * ~1 ns per voxel.
 */
export const SIMD_CHUNK = 1024;

/** Result rows of the kernel per chunk voxel (see eigenPass in assembly/dtiKernel.ts). */
const OUT_ROWS = 17;

/** The kernel's block of voxels whose logs it keeps (its NB). */
const SIMD_BLOCK = 64;

/** Weighted refits after the first WLS step for IWLS (as fitSlab). */
const IWLS_EXTRA_ITERATIONS = 2;

const PROGRESS_EVERY = 8192;

/** Runs shorter than this are copied element by element: a subarray view costs more than the loop. */
const SHORT_RUN = 16;

/**
 * fitSlab (same contract, same maps and counts) with the per-voxel log-linear fit (logs, OLS,
 * weighted reweightings, residual) done by the WebAssembly SIMD kernel: the masked voxels of the
 * slab are copied into the kernel's memory a chunk at a time, one contiguous copy per measurement
 * and run of masked voxels. The kernel also does the eigen-decomposition, except for degenerate
 * tensors (λ₁ ≈ λ₂, isotropic) which go to eigenSymmetric3 here; the maps are storeEigenFit.
 * Differences from fitSlab: logarithms and exponentials are polynomial (no tables) with relative
 * error < 1e-13, so maps agree with fitSlab to ~1e-10 relative, not bit for bit; the residual map
 * (a quality-control map) predicts the signal in float32, so it agrees to ~1e-6 relative.
 */
export function fitSlabSimd(kernel: SimdKernelExports, input: SlabInput, onProgress?: (done: number) => void): SlabMaps {
  const { scheme, estimator, signals, volumeStride, base, start, count, mask, minSignal } = input;
  const out = allocateSlabMaps(start, count);
  const m = scheme.m;
  const CH = SIMD_CHUNK;
  // Linear memory layout above the kernel's static data, 16-byte aligned.
  let top = (kernel.heapBase() + 15) & ~15;
  const take = (bytes: number): number => {
    const at = top;
    top += (bytes + 15) & ~15;
    return at;
  };
  const pinvAt = take(m * N_PARAMS * 8);
  const designAt = take(m * N_PARAMS * 8);
  const designF32At = take(m * 6 * 4);
  const productsAt = take(m * PACKED_7 * 8);
  const sigAt = take(m * CH * 4);
  const logAt = take(m * SIMD_BLOCK * 8);
  const scratchAt = take((2 * m + PACKED_7 + N_PARAMS) * 16);
  const outAt = take(OUT_ROWS * CH * 8);
  const need = top - kernel.memory.buffer.byteLength;
  if (need > 0) kernel.memory.grow(Math.ceil(need / 65536));
  const mem = kernel.memory.buffer;
  new Float64Array(mem, pinvAt, m * N_PARAMS).set(scheme.pinvT);
  new Float64Array(mem, designAt, m * N_PARAMS).set(scheme.design);
  const designF32 = new Float32Array(mem, designF32At, m * 6);
  for (let i = 0; i < m; i++) for (let j = 0; j < 6; j++) designF32[i * 6 + j] = scheme.design[i * N_PARAMS + j];
  new Float64Array(mem, productsAt, m * PACKED_7).set(scheme.products);
  const sigView = new Float32Array(mem, sigAt, m * CH);
  const res = new Float64Array(mem, outAt, OUT_ROWS * CH);
  const floor = minSignal > 0 ? minSignal : Number.MIN_VALUE;
  const reweightings = estimator === 'ols' ? 0 : estimator === 'wls' ? 1 : 1 + IWLS_EXTRA_ITERATIONS;
  const residual = input.residual !== false;
  kernel.configure(m, reweightings, residual ? 1 : 0, CH, pinvAt, designAt, designF32At, productsAt, sigAt, logAt, scratchAt, outAt, floor, Math.log(floor));
  const rowOffset = new Int32Array(m);
  for (let i = 0; i < m; i++) rowOffset[i] = scheme.volumes[i] * volumeStride - base + start;
  // Slab voxels to fit, as [start, end) runs; a chunk takes pieces of them in order.
  const runs = mask === null ? Int32Array.of(0, count) : maskRuns(mask);
  const pieces = new Int32Array(2 * CH);
  const voxelOf = new Int32Array(CH);
  const fit = new Float64Array(VOXEL_FIT_LENGTH);
  const rec = new Float64Array(EIGEN_RECORD_LENGTH);
  let unsolved = 0;
  let nextProgress = PROGRESS_EVERY;
  let r = 0;
  let pos = runs.length > 0 ? runs[0] : count;
  while (r < runs.length) {
    if (onProgress !== undefined && pos >= nextProgress) {
      onProgress(pos);
      nextProgress = pos + PROGRESS_EVERY;
    }
    let n = 0;
    let np = 0;
    while (n < CH && r < runs.length) {
      const end = runs[r + 1];
      const len = Math.min(end - pos, CH - n);
      pieces[np++] = pos;
      pieces[np++] = len;
      for (let q = 0; q < len; q++) voxelOf[n + q] = pos + q;
      n += len;
      pos += len;
      if (pos === end) {
        r += 2;
        if (r < runs.length) pos = runs[r];
      }
    }
    const n4 = (n + 3) & ~3;
    for (let i = 0; i < m; i++) {
      const off = rowOffset[i];
      let at = i * CH;
      for (let p = 0; p < np; p += 2) {
        const a = off + pieces[p];
        const len = pieces[p + 1];
        if (len < SHORT_RUN) for (let q = 0; q < len; q++) sigView[at + q] = signals[a + q];
        else sigView.set(signals.subarray(a, a + len), at);
        at += len;
      }
      // Padding lanes up to a multiple of 4: a plain signal, so they compute quickly and are never read.
      for (; at < i * CH + n4; at++) sigView[at] = 1;
    }
    kernel.fitChunk(n4);
    for (let c = 0; c < n; c++) {
      // res rows 0–5 tensor, 6 ln S0, 7 residual, 8 solved (0 = no weighted solution), 9–15 the
      // eigen record without the residual, 16 eigen done (0 = degenerate or not finite: done here).
      const solved = res[8 * CH + c] !== 0;
      unsolved += solved ? 0 : 1;
      if (!solved) continue;
      const rms = residual ? res[7 * CH + c] : 0;
      if (res[16 * CH + c] !== 0) {
        for (let p = 0; p < 7; p++) rec[p] = res[(9 + p) * CH + c];
        rec[7] = rms;
        storeEigenFit(rec, out, voxelOf[c]);
      } else {
        for (let p = 0; p < 7; p++) fit[p] = res[p * CH + c];
        fit[7] = rms;
        storeVoxelFit(fit, rec, out, voxelOf[c]);
      }
    }
  }
  out.counts.failed += unsolved;
  onProgress?.(count);
  return out;
}
