import { N_PARAMS } from './fitScheme';
import type { SlabInput } from './fitSlab';
import { allocateSlabMaps, type SlabMaps } from './slabMaps';
import { PACKED_7 } from './solveNormal7';
import { storeVoxelFit, VOXEL_FIT_LENGTH } from './storeVoxelFit';

/**
 * The exports of the WebAssembly SIMD block kernel (assembly/dtiKernel.ts, built by
 * scripts/build-wasm.mjs): plain numbers and one linear memory, so this module needs no
 * WebAssembly types and stays pure; the worker adapters instantiate it.
 */
export interface SimdKernelExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  configure(m: number, reweightings: number, residual: number, pinvT: number, design: number, products: number, sig: number, logs: number, scratch: number, out: number, floor: number, logFloor: number): void;
  fitBlock(nb: number): void;
}

/** Voxels per kernel call: the kernel's NB (its block layout is measurement-major [i·NB + c]). */
export const SIMD_BLOCK = 64;

/** Weighted refits after the first WLS step for IWLS (as fitSlab). */
const IWLS_EXTRA_ITERATIONS = 2;

const PROGRESS_EVERY = 8192;

/**
 * fitSlab (same contract, same maps and counts) with the per-voxel log-linear fit (logs, OLS,
 * weighted reweightings, residual) done by the WebAssembly SIMD kernel two voxels per instruction;
 * the gather of the block's signals stays here, the eigen-decomposition and the maps are storeVoxelFit.
 * Differences from fitSlab: logarithms and exponentials are polynomial (no tables) with relative
 * error < 1e-13, so maps agree with fitSlab to ~1e-10 relative, not bit for bit.
 */
export function fitSlabSimd(kernel: SimdKernelExports, input: SlabInput, onProgress?: (done: number) => void): SlabMaps {
  const { scheme, estimator, signals, volumeStride, base, start, count, mask, minSignal } = input;
  const out = allocateSlabMaps(start, count);
  const m = scheme.m;
  const NB = SIMD_BLOCK;
  // Linear memory layout above the kernel's static data, 16-byte aligned.
  let top = (kernel.heapBase() + 15) & ~15;
  const take = (bytes: number): number => {
    const at = top;
    top += (bytes + 15) & ~15;
    return at;
  };
  const pinvAt = take(m * N_PARAMS * 8);
  const designAt = take(m * N_PARAMS * 8);
  const productsAt = take(m * PACKED_7 * 8);
  const sigAt = take(m * NB * 4);
  const logAt = take(m * NB * 8);
  const scratchAt = take((2 * m + PACKED_7 + N_PARAMS) * 16);
  const outAt = take(9 * NB * 8);
  const need = top - kernel.memory.buffer.byteLength;
  if (need > 0) kernel.memory.grow(Math.ceil(need / 65536));
  const mem = kernel.memory.buffer;
  new Float64Array(mem, pinvAt, m * N_PARAMS).set(scheme.pinvT);
  new Float64Array(mem, designAt, m * N_PARAMS).set(scheme.design);
  new Float64Array(mem, productsAt, m * PACKED_7).set(scheme.products);
  const sigB = new Float32Array(mem, sigAt, m * NB);
  const res = new Float64Array(mem, outAt, 9 * NB);
  const floor = minSignal > 0 ? minSignal : Number.MIN_VALUE;
  const reweightings = estimator === 'ols' ? 0 : estimator === 'wls' ? 1 : 1 + IWLS_EXTRA_ITERATIONS;
  kernel.configure(m, reweightings, input.residual === false ? 0 : 1, pinvAt, designAt, productsAt, sigAt, logAt, scratchAt, outAt, floor, Math.log(floor));
  const rowOffset = new Int32Array(m);
  for (let i = 0; i < m; i++) rowOffset[i] = scheme.volumes[i] * volumeStride - base + start;
  const blockIdx = new Int32Array(NB);
  const fit = new Float64Array(VOXEL_FIT_LENGTH);
  const eig = new Float64Array(6);
  let unsolved = 0;
  let nextProgress = PROGRESS_EVERY;
  for (let n0 = 0; n0 < count; n0 += NB) {
    if (onProgress !== undefined && n0 >= nextProgress) {
      onProgress(n0);
      nextProgress += PROGRESS_EVERY;
    }
    const n1 = Math.min(count, n0 + NB);
    let nb = 0;
    for (let n = n0; n < n1; n++) if (mask === null || mask[n] !== 0) blockIdx[nb++] = n;
    if (nb === 0) continue;
    for (let i = 0; i < m; i++) {
      const off = rowOffset[i];
      for (let c = 0, r = i * NB; c < nb; c++, r++) sigB[r] = signals[off + blockIdx[c]];
    }
    kernel.fitBlock(nb);
    for (let c = 0; c < nb; c++) {
      // res rows 0–5 tensor, 6 ln S0, 7 residual, 8 solved (0 = no weighted solution).
      const solved = res[8 * NB + c] !== 0;
      unsolved += solved ? 0 : 1;
      if (!solved) continue;
      for (let p = 0; p < VOXEL_FIT_LENGTH; p++) fit[p] = res[p * NB + c];
      storeVoxelFit(fit, eig, out, blockIdx[c]);
    }
  }
  out.counts.failed += unsolved;
  onProgress?.(count);
  return out;
}
