import type { OsvdSimdExports } from './deconvolveOsvdSimd';
import type { PerfusionModel } from './perfusionModel';
import { gaussianKernel, NO_SMOOTHING, smoothCurve, smoothSlice, temporalWeights, type PerfusionSmoothing } from './smoothing';
import { copiedView, viewVoxels, type SliceRangeView } from './sliceRangeView';
import { DEFAULT_TISSUE_WINDOW, isTissue, type TissueWindow } from './tissueMask';
import type { PerfusionValues } from './types';
import { voxelPerfusion, voxelScratch } from './voxelPerfusion';

/** The quantities mapped, in a fixed order (map files, transfer lists). */
export const PERFUSION_KEYS: readonly (keyof PerfusionValues)[] = ['cbf', 'cbv', 'mtt', 'tmax', 'ttp', 'ps', 'patlakVolume'];

/** One map per quantity, float32, 0 outside the mask and where undefined. */
export type PerfusionMapSet = Record<keyof PerfusionValues, Float32Array>;

/** The maps of a slice range: voxel v of the range in element v of each array. */
export interface RangeMaps {
  maps: PerfusionMapSet;
  /** 1 where tissue was computed. */
  mask: Uint8Array;
  tissueVoxels: number;
}

export interface RangeSettings {
  tissue?: TissueWindow;
  smoothing?: PerfusionSmoothing;
  /** Voxel size across the slice [column spacing, row spacing], mm: needed by in-plane smoothing. */
  spacingMm?: readonly [number, number];
  /** This thread's WebAssembly SIMD oSVD kernel (src/wasm/perfusionKernel; ~2× the JavaScript's speed), or none. */
  osvdKernel?: OsvdSimdExports | null;
  /** Called now and then with the voxels of the range done so far. */
  onProgress?: (done: number) => void;
  /**
   * Arrays to write the maps into, each exactly the range's voxels long (zeroed here first), instead
   * of new ones: the worker pool hands the buffers of ranges it has merged back for the next range.
   */
  out?: { maps: PerfusionMapSet; mask: Uint8Array };
}

const PROGRESS_EVERY = 8192;

/** A copy of the view's slices with every frame smoothed across the slice (see smoothSlice). */
function smoothedCopy(view: SliceRangeView, smoothing: PerfusionSmoothing, spacing: readonly [number, number]): SliceRangeView {
  const [nx, ny, , nt] = view.dims;
  const count = viewVoxels(view);
  const out = new Float32Array(count * nt);
  const kx = gaussianKernel(smoothing.inPlaneFwhmMm, spacing[0]);
  const ky = gaussianKernel(smoothing.inPlaneFwhmMm, spacing[1]);
  const tmp = new Float32Array(nx * ny);
  for (let t = 0; t < nt; t++) {
    for (let s = 0; s < count; s += nx * ny) {
      const slice = out.subarray(t * count + s, t * count + s + nx * ny);
      for (let v = 0; v < nx * ny; v++) slice[v] = view.data[t * view.stride + view.offset + s + v];
      smoothSlice(slice, nx, ny, kx, ky, tmp);
    }
  }
  return copiedView(out, view.dims, view.firstSlice, view.endSlice);
}

/** `out` zeroed, after checking it holds `count` voxels. */
function cleared(out: { maps: PerfusionMapSet; mask: Uint8Array }, count: number): { maps: PerfusionMapSet; mask: Uint8Array } {
  for (const a of [...PERFUSION_KEYS.map((k) => out.maps[k]), out.mask]) {
    if (a.length !== count) throw new Error(`perfusionRange: an output array of ${a.length} values for a range of ${count} voxels`);
    a.fill(0);
  }
  return out;
}

/**
 * Perfusion maps of the tissue voxels of one slice range (HU, all at the frame times of `model`,
 * i.e. within one table position): each voxel's curve, optionally smoothed (in-plane first, then
 * along time), tested by isTissue and, if tissue, computed by voxelPerfusion.
 * The kernel every thread runs, the single-thread perfusionMaps and the worker pool alike.
 */
export function perfusionRange(view: SliceRangeView, model: PerfusionModel, settings: RangeSettings = {}): RangeMaps {
  const smoothing = settings.smoothing ?? NO_SMOOTHING;
  const tissue = settings.tissue ?? DEFAULT_TISSUE_WINDOW;
  if (smoothing.inPlaneFwhmMm > 0) {
    if (!settings.spacingMm) throw new Error('in-plane smoothing needs the voxel size');
    view = smoothedCopy(view, smoothing, settings.spacingMm);
  }
  const { data, stride, offset } = view;
  const nt = view.dims[3];
  const count = viewVoxels(view);
  const { maps, mask } = settings.out ? cleared(settings.out, count) : { maps: Object.fromEntries(PERFUSION_KEYS.map((k) => [k, new Float32Array(count)])) as PerfusionMapSet, mask: new Uint8Array(count) };
  const weights = temporalWeights(model.times, smoothing.temporalFwhmS);
  const raw = new Float64Array(nt);
  const smooth = new Float64Array(nt);
  const scratch = voxelScratch(model, settings.osvdKernel ?? null);
  let tissueVoxels = 0;
  for (let v = 0; v < count; v++) {
    if (settings.onProgress && v > 0 && v % PROGRESS_EVERY === 0) settings.onProgress(v);
    for (let t = 0, at = offset + v; t < nt; t++, at += stride) raw[t] = data[at];
    const curve = weights ? smoothCurve(weights, raw, smooth) : raw;
    if (!isTissue(curve, model.baselineFrames, tissue)) continue;
    const values = voxelPerfusion(model, curve, scratch);
    mask[v] = 1;
    tissueVoxels++;
    for (const key of PERFUSION_KEYS) maps[key][v] = Number.isFinite(values[key]) ? values[key] : 0;
  }
  return { maps, mask, tissueVoxels };
}
