import { B_SCALE, N_PARAMS } from './fitScheme';
import type { SlabInput } from './fitSlab';
import { maskRuns, runsVoxelCount } from './maskRuns';
import { allocateSlabMaps, SCALAR_MAP_NAMES, type SlabMaps } from './slabMaps';
import { PACKED_7 } from './solveNormal7';
import { EIGEN_RECORD_LENGTH, storeVoxelFit, VOXEL_FIT_LENGTH } from './storeVoxelFit';

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
    maps: number,
    floor: number,
    logFloor: number,
    bScale: number,
  ): void;
  fitChunk(n: number): number;
  minPositive(n: number): number;
  lowSignals(n: number, dst: number): number;
  chunkCounts(n: number, skip: number, nSkip: number, dst: number): number;
  rangeHistogram(src: number, n: number, out: number): void;
  aboveThreshold(src: number, n: number, threshold: number, dst: number): void;
  meanVolumes(src: number, nb: number, n: number, dst: number): void;
  gather(stage: number, stride: number, pieces: number, np: number, n4: number): void;
  scatterMaps(dst: number, stride: number, spanLen: number, pieces: number, np: number): void;
}

/**
 * Voxels per kernel call. The chunk's signals (m × CHUNK float32, 128 KiB for 32 volumes) and
 * results stay in L2; large enough that the per-measurement copies into the kernel's memory cost
 * ~1 ns per voxel.
 */
const SIMD_CHUNK = 1024;

/** Result rows of the kernel per chunk voxel: tensor, ln S0, residual, solved (see assembly/dtiKernel.ts). */
const OUT_ROWS = 9;

/** The kernel's block of voxels whose logs it keeps (its NB). */
const SIMD_BLOCK = 64;

/** Weighted refits after the first WLS step for IWLS (as fitSlab). */
const IWLS_EXTRA_ITERATIONS = 2;

const PROGRESS_EVERY = 8192;

/**
 * The products tₖ·tₗ of the design's tensor columns (packed indices, see solveNormal7) the kernel
 * sums for AᵀWA: those with l ≤ 2. The columns are −b·(x², y², z², 2xy, 2xz, 2yz) in every scheme,
 * so the other six, (3,3), (4,3), (4,4), (5,3), (5,4), (5,5), are 4·(1,0), 2·(5,0), 4·(2,0), 2·(4,1),
 * 2·(3,2), 4·(2,1) (the kernel forms them so); the products with the constant column are the
 * design's own columns.
 */
const QUAD_ENTRIES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 15, 16, 17];
const QUAD_PRODUCTS = QUAD_ENTRIES.length;

/** The smallest positive normal float32, 2⁻¹²⁶: the provisional floor while the real one is not known. */
const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;

/**
 * Voxels of the volume a chunk may span (its masked voxels and the gaps between them): per
 * measurement the span is copied whole, sequentially (512 KiB of staging for 32 volumes).
 */
const STAGE = 4 * SIMD_CHUNK;

/**
 * fitSlab (same contract, same maps and counts) with the per-voxel log-linear
 * fit (logs, OLS, weighted reweightings, residual) done by the WebAssembly SIMD kernel: a chunk of
 * masked voxels at a time, the span of the volume it covers copied into the kernel's memory in one
 * piece per measurement and its mask runs gathered there. The kernel also does the
 * eigen-decomposition and computes the maps (as storeEigenFit), copied back over the same span;
 * degenerate tensors (λ₁ ≈ λ₂, isotropic) go to eigenSymmetric3 and storeVoxelFit here.
 * Differences from fitSlab: logarithms and exponentials are polynomial (no tables) with relative
 * error < 1e-13, so maps agree with fitSlab to ~1e-10 relative, not bit for bit; the residual map
 * (a quality-control map) predicts the signal in float32, so it agrees to ~1e-6 relative.
 *
 * `deferFloor` with `input.minSignal` NaN (a slab of a shared volume whose floor nobody has scanned
 * for): chunks are fitted with the smallest normal float32 as floor, and the slab reports its
 * smallest positive signal and the voxels with a signal at or below that floor (zero, negative,
 * NaN, subnormal) in `pendingFloor`, left out of the counts. Every other signal s is above both
 * floors and the real floor is at most s, so it gets ln s either way: those voxels' maps are final.
 * The fit's floor is then the least slab minimum and only the listed voxels need a refit, where
 * finding it first would read every masked signal again (a whole-volume pass per worker).
 *
 * `packed`: the maps of the fitted voxels only, one after another in mask-run order (start 0, count
 * the masked voxels), as packSlabRuns would make them from the slab's maps: the kernel's chunk maps
 * are already in that order, so they are copied straight out, with no slab-sized maps to zero and
 * fill and no second copy (pendingFloor's voxels stay slab indices).
 */
export function fitSlabSimd(kernel: SimdKernelExports, input: SlabInput, onProgress?: (done: number) => void, deferFloor = false, packed = false): SlabMaps {
  const { scheme, estimator, signals, volumeStride, base, start, count, mask, minSignal } = input;
  // Slab voxels to fit, as [start, end) runs; a chunk takes pieces of them in order.
  const runs = mask === null ? Int32Array.of(0, count) : maskRuns(mask);
  const out = packed ? allocateSlabMaps(0, runsVoxelCount(runs)) : allocateSlabMaps(start, count);
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
  const quadAt = take(m * QUAD_PRODUCTS * 8);
  const sigAt = take(m * CH * 4);
  const logAt = take(m * SIMD_BLOCK * 8);
  const scratchAt = take((2 * m + PACKED_7 + N_PARAMS) * 16);
  const outAt = take(OUT_ROWS * CH * 8);
  const stageAt = take(m * STAGE * 4);
  // The chunk's maps over its span (scatterMaps): 9 scalar rows and V1 as float32, colour bytes.
  const spanMapsAt = take(12 * STAGE * 4 + 3 * STAGE);
  const piecesAt = take(2 * CH * 4);
  // The chunk's maps (see `maps` in the kernel): 9 scalar rows and V1 as float32, colour, status.
  const mapsAt = take(12 * CH * 4 + 4 * CH);
  // The chunk's voxels waiting for the floor, and its counts then degenerate voxels (chunk indices, i32).
  const lowAt = take(4 * CH);
  const countsAt = take(4 * (3 + CH));
  const need = top - kernel.memory.buffer.byteLength;
  if (need > 0) kernel.memory.grow(Math.ceil(need / 65536));
  const mem = kernel.memory.buffer;
  new Float64Array(mem, pinvAt, m * N_PARAMS).set(scheme.pinvT);
  new Float64Array(mem, designAt, m * N_PARAMS).set(scheme.design);
  const designF32 = new Float32Array(mem, designF32At, m * 6);
  for (let i = 0; i < m; i++) for (let j = 0; j < 6; j++) designF32[i * 6 + j] = scheme.design[i * N_PARAMS + j];
  const quad = new Float64Array(mem, quadAt, m * QUAD_PRODUCTS);
  for (let i = 0; i < m; i++) QUAD_ENTRIES.forEach((e, j) => (quad[i * QUAD_PRODUCTS + j] = scheme.products[i * PACKED_7 + e]));
  const stageView = new Float32Array(mem, stageAt, m * STAGE);
  const piecesView = new Int32Array(mem, piecesAt, 2 * CH);
  const res = new Float64Array(mem, outAt, OUT_ROWS * CH);
  const spanRows = SCALAR_MAP_NAMES.map((_, j) => new Float32Array(mem, spanMapsAt + j * STAGE * 4, STAGE));
  const spanV1 = new Float32Array(mem, spanMapsAt + 9 * STAGE * 4, 3 * STAGE);
  const spanColour = new Uint8Array(mem, spanMapsAt + 12 * STAGE * 4, 3 * STAGE);
  const chunkRows = SCALAR_MAP_NAMES.map((_, j) => new Float32Array(mem, mapsAt + j * CH * 4, CH));
  const chunkV1 = new Float32Array(mem, mapsAt + 9 * CH * 4, 3 * CH);
  const chunkColour = new Uint8Array(mem, mapsAt + 12 * CH * 4, 3 * CH);
  const lowView = new Int32Array(mem, lowAt, CH);
  const countsView = new Int32Array(mem, countsAt, 3 + CH);
  const scalarMaps = SCALAR_MAP_NAMES.map((name) => out.scalars[name]);
  const reweightings = estimator === 'ols' ? 0 : estimator === 'wls' ? 1 : 1 + IWLS_EXTRA_ITERATIONS;
  const residual = input.residual !== false;
  const configure = (floor: number): void =>
    kernel.configure(m, reweightings, residual ? 1 : 0, CH, pinvAt, designAt, designF32At, quadAt, sigAt, logAt, scratchAt, outAt, mapsAt, floor, Math.log(floor), B_SCALE);
  const deferred = deferFloor && Number.isNaN(minSignal);
  configure(deferred ? FLOAT32_MIN_NORMAL : minSignal > 0 ? minSignal : Number.MIN_VALUE);
  let minPositive = Infinity;
  const pending: number[] = [];
  const rowOffset = new Int32Array(m);
  for (let i = 0; i < m; i++) rowOffset[i] = scheme.volumes[i] * volumeStride - base + start;
  const pieces = new Int32Array(2 * CH);
  let np = 0;
  // Slab voxel of chunk voxel c: the pieces hold the chunk's voxels in order. Asked only for the rare
  // voxels the kernel lists (degenerate, waiting for the floor), so no per-voxel table is kept.
  const voxelAt = (c: number): number => {
    let p = 0;
    while (p < np - 2 && c >= pieces[p + 1]) {
      c -= pieces[p + 1];
      p += 2;
    }
    return pieces[p] + c;
  };
  const fit = new Float64Array(VOXEL_FIT_LENGTH);
  const rec = new Float64Array(EIGEN_RECORD_LENGTH);
  let fitted = 0;
  let nonPositive = 0;
  let failed = 0;
  let nextProgress = PROGRESS_EVERY;
  let packedAt = 0;
  let r = 0;
  let pos = runs.length > 0 ? runs[0] : count;
  while (r < runs.length) {
    if (onProgress !== undefined && pos >= nextProgress) {
      onProgress(pos);
      nextProgress = pos + PROGRESS_EVERY;
    }
    let n = 0;
    np = 0;
    const spanStart = pos;
    while (n < CH && r < runs.length) {
      const end = runs[r + 1];
      // The chunk's span of the volume (first to last voxel, gaps included) fits the stage.
      const len = Math.min(end - pos, CH - n, spanStart + STAGE - pos);
      if (len <= 0) break;
      pieces[np++] = pos;
      pieces[np++] = len;
      n += len;
      pos += len;
      if (pos === end) {
        r += 2;
        if (r < runs.length) pos = runs[r];
      }
    }
    const n4 = (n + 3) & ~3;
    // Each measurement's span in one sequential copy, then the kernel gathers the pieces.
    const spanEnd = pieces[np - 2] + pieces[np - 1];
    for (let i = 0; i < m; i++) {
      const a = rowOffset[i] + spanStart;
      stageView.set(signals.subarray(a, a + spanEnd - spanStart), i * STAGE);
    }
    for (let p = 0; p < np; p += 2) {
      piecesView[p] = pieces[p] - spanStart;
      piecesView[p + 1] = pieces[p + 1];
    }
    kernel.gather(stageAt, STAGE, piecesAt, np, n4);
    const atFloor = kernel.fitChunk(n4) !== 0;
    let waiting = 0;
    if (deferred) {
      minPositive = Math.min(minPositive, kernel.minPositive(n));
      if (atFloor) {
        waiting = kernel.lowSignals(n, lowAt);
        for (let q = 0; q < waiting; q++) pending.push(voxelAt(lowView[q]));
      }
    }
    if (packed) {
      // The chunk's maps as they are: its voxels follow the previous chunk's.
      for (let j = 0; j < scalarMaps.length; j++) scalarMaps[j].set(chunkRows[j].subarray(0, n), packedAt);
      out.v1.set(chunkV1.subarray(0, 3 * n), 3 * packedAt);
      out.colorFa.set(chunkColour.subarray(0, 3 * n), 3 * packedAt);
    } else {
      // The chunk's maps back to the slab over the span (zero in its gaps, outside the mask): one copy per map.
      const spanLen = spanEnd - spanStart;
      kernel.scatterMaps(spanMapsAt, STAGE, spanLen, piecesAt, np);
      for (let j = 0; j < scalarMaps.length; j++) scalarMaps[j].set(spanRows[j].subarray(0, spanLen), spanStart);
      out.v1.set(spanV1.subarray(0, 3 * spanLen), 3 * spanStart);
      out.colorFa.set(spanColour.subarray(0, 3 * spanLen), 3 * spanStart);
    }
    const degenerate = kernel.chunkCounts(n, lowAt, waiting, countsAt);
    fitted += countsView[0];
    nonPositive += countsView[1];
    failed += countsView[2];
    for (let q = 0; q < degenerate; q++) {
      // Degenerate tensor (or a non-finite one): the JavaScript eigen-decomposition and checks.
      const c = countsView[3 + q];
      for (let p = 0; p < 7; p++) fit[p] = res[p * CH + c];
      fit[7] = residual ? res[7 * CH + c] : 0;
      storeVoxelFit(fit, rec, out, packed ? packedAt + c : voxelAt(c));
    }
    packedAt += n;
  }
  out.counts.fitted += fitted;
  out.counts.nonPositiveEigen += nonPositive;
  out.counts.failed += failed;
  if (deferred) out.pendingFloor = { minPositive, voxels: Int32Array.from(pending) };
  onProgress?.(count);
  return out;
}
