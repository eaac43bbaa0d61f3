import type { OsvdSimdExports } from './deconvolveOsvdSimd';
import { frameMotion, headMoments, type FrameMotion } from './frameMotion';
import { inputCandidates } from './inputCandidates';
import type { InputCurve } from './inputCurve';
import { perfusionModels, type SlabRecord } from './perfusionModels';
import { needsCandidates, type PerfusionOptions } from './perfusionOptions';
import { PERFUSION_KEYS, perfusionRange, type PerfusionMapSet } from './perfusionRange';
import { resolveInputs } from './resolveInputs';
import { wholeVolumeView } from './sliceRangeView';
import { NO_SMOOTHING, type PerfusionSmoothing } from './smoothing';

export type { PerfusionMapSet } from './perfusionRange';

export interface PerfusionInput extends PerfusionOptions {
  /** HU, volume-major: voxel (i, j, k) of volume t at ((t·nz + k)·ny + j)·nx + i (assembleVolume's layout). */
  data: ArrayLike<number>;
  dims: readonly [number, number, number, number];
  /** Voxel size [column, row, slice], mm: needed for in-plane smoothing and the motion check (null without it). */
  spacing?: readonly [number, number, number];
  /** The WebAssembly SIMD oSVD kernel to run on (src/wasm/perfusionKernel), as the pool's workers do; JavaScript without. */
  osvdKernel?: OsvdSimdExports | null;
}

/** What was computed and what was used, for the record. */
export interface PerfusionResult {
  /** nx·ny·nz float32 each, 0 outside the mask and where undefined. */
  maps: PerfusionMapSet;
  /** 1 where tissue was computed. */
  mask: Uint8Array;
  aif: InputCurve;
  vof: InputCurve | null;
  slabs: SlabRecord[];
  tissueVoxels: number;
  smoothing: PerfusionSmoothing;
  /** Head motion between frames; null when the voxel size was not given. */
  motion: FrameMotion | null;
}

/** Empty full-volume maps and mask. */
export function emptyMaps(voxels: number): { maps: PerfusionMapSet; mask: Uint8Array } {
  return { maps: Object.fromEntries(PERFUSION_KEYS.map((k) => [k, new Float32Array(voxels)])) as PerfusionMapSet, mask: new Uint8Array(voxels) };
}

/**
 * Perfusion maps of a 4D CT perfusion volume on this thread: arterial (and venous) curve from the
 * given voxels or masks or found automatically (inputCandidates), one model per table position
 * (perfusionModels), then perfusionRange over each table position's slices; head motion from the
 * frames' centroids. The worker pool (src/workers/perfusionRun.ts) runs the same steps on slice
 * ranges and gives the same maps. Throws an Error saying why when no arterial input can be found.
 */
export function perfusionMaps(input: PerfusionInput): PerfusionResult {
  const { data, dims, slabs } = input;
  const [nx, ny, nz] = dims;
  const whole = wholeVolumeView(data, dims);
  const candidates = needsCandidates(input) ? inputCandidates(whole, slabs) : null;
  const { aif, vof } = resolveInputs(data, dims, input, candidates);
  const smoothing = input.smoothing ?? NO_SMOOTHING;
  const { models, record } = perfusionModels(slabs, aif, vof, input.constants, smoothing);
  const { maps, mask } = emptyMaps(nx * ny * nz);
  let tissueVoxels = 0;
  slabs.forEach((slab, n) => {
    const range = perfusionRange(wholeVolumeView(data, dims, slab.firstSlice, slab.endSlice), models[n], {
      tissue: input.tissue,
      smoothing,
      spacingMm: input.spacing ? [input.spacing[0], input.spacing[1]] : undefined,
      osvdKernel: input.osvdKernel,
    });
    const at = slab.firstSlice * nx * ny;
    for (const key of PERFUSION_KEYS) maps[key].set(range.maps[key], at);
    mask.set(range.mask, at);
    tissueVoxels += range.tissueVoxels;
  });
  const motion = input.spacing ? frameMotion(headMoments(whole), input.spacing) : null;
  return { maps, mask, aif, vof, slabs: record, tissueVoxels, smoothing, motion };
}
