import { findInputVoxels } from './findInputVoxels';
import { interpolateCurve } from './interpolateCurve';
import { perfusionModel } from './perfusionModel';
import { slabOfSlice, type Slab } from './slabOfSlice';
import { DEFAULT_TISSUE_WINDOW, isTissue, type TissueWindow } from './tissueMask';
import type { PerfusionConstants, PerfusionValues } from './types';
import { volumeCurve } from './volumeCurve';
import { voxelPerfusion, voxelScratch } from './voxelPerfusion';

export interface PerfusionInput {
  /** HU, volume-major: voxel (i, j, k) of volume t at ((t·nz + k)·ny + j)·nx + i (assembleVolume's layout). */
  data: ArrayLike<number>;
  dims: readonly [number, number, number, number];
  /** Table positions with their frame times (s), covering every slice. */
  slabs: readonly Slab[];
  constants: PerfusionConstants;
  /** Arterial input voxel (linear index i + nx·(j + ny·k)); found automatically when absent. */
  aifVoxel?: number;
  /** Venous output voxel; found automatically when absent (-1: no partial-volume correction). */
  vofVoxel?: number;
  tissue?: TissueWindow;
}

/** One map per quantity, nx·ny·nz float32 each, 0 outside the mask and where undefined. */
export type PerfusionMapSet = Record<keyof PerfusionValues, Float32Array>;

/** What was used, for the record: input curves and per-slab preprocessing. */
export interface PerfusionResult {
  maps: PerfusionMapSet;
  /** 1 where tissue was computed. */
  mask: Uint8Array;
  aif: { voxel: number; automatic: boolean; hu: number[]; times: number[] };
  vof: { voxel: number; automatic: boolean; hu: number[]; times: number[] } | null;
  slabs: { firstSlice: number; endSlice: number; baselineFrames: number; patlakStartS: number | null; gridIntervalS: number; partialVolumeScale: number }[];
  tissueVoxels: number;
}

const KEYS: (keyof PerfusionValues)[] = ['cbf', 'cbv', 'mtt', 'tmax', 'ttp', 'ps', 'patlakVolume'];

/**
 * Perfusion maps of a 4D CT perfusion volume: arterial (and venous) curve from the given voxels or
 * found automatically, one model per table position (the AIF interpolated to its times when it was
 * measured at another), then voxelPerfusion on every tissue voxel (isTissue). Throws an Error saying
 * why when no arterial input can be found.
 */
export function perfusionMaps(input: PerfusionInput): PerfusionResult {
  const { data, dims, slabs, constants } = input;
  const [nx, ny, nz, nt] = dims;
  const voxels = nx * ny * nz;
  const found = input.aifVoxel === undefined || input.vofVoxel === undefined ? findInputVoxels(data, dims, slabs) : null;
  const aifVoxel = input.aifVoxel ?? found!.aif;
  const vofVoxel = input.vofVoxel ?? found!.vof;
  if (aifVoxel < 0) throw new Error('no arterial input found: no voxel enhances by 100 HU or more; give the AIF as a point');
  const curveOf = (voxel: number) => Array.from(volumeCurve(data, voxels, voxel, new Float64Array(nt)));
  const timesOf = (voxel: number) => slabOfSlice(slabs, Math.floor(voxel / (nx * ny))).times;
  const aif = { voxel: aifVoxel, automatic: input.aifVoxel === undefined, hu: curveOf(aifVoxel), times: timesOf(aifVoxel) };
  const vof = vofVoxel >= 0 ? { voxel: vofVoxel, automatic: input.vofVoxel === undefined, hu: curveOf(vofVoxel), times: timesOf(vofVoxel) } : null;
  const maps = Object.fromEntries(KEYS.map((k) => [k, new Float32Array(voxels)])) as PerfusionMapSet;
  const mask = new Uint8Array(voxels);
  const curve = new Float64Array(nt);
  const tissue = input.tissue ?? DEFAULT_TISSUE_WINDOW;
  const record: PerfusionResult['slabs'] = [];
  let tissueVoxels = 0;
  for (const slab of slabs) {
    const model = perfusionModel(
      slab.times,
      interpolateCurve(aif.times, aif.hu, slab.times),
      vof ? interpolateCurve(vof.times, vof.hu, slab.times) : null,
      constants,
    );
    record.push({
      firstSlice: slab.firstSlice,
      endSlice: slab.endSlice,
      baselineFrames: model.baselineFrames,
      patlakStartS: model.patlakStart < nt ? slab.times[model.patlakStart] : null,
      gridIntervalS: model.grid.dt,
      partialVolumeScale: model.partialVolumeScale,
    });
    const scratch = voxelScratch(model);
    for (let v = slab.firstSlice * nx * ny; v < slab.endSlice * nx * ny; v++) {
      volumeCurve(data, voxels, v, curve);
      if (!isTissue(curve, model.baselineFrames, tissue)) continue;
      const values = voxelPerfusion(model, curve, scratch);
      mask[v] = 1;
      tissueVoxels++;
      for (const key of KEYS) maps[key][v] = Number.isFinite(values[key]) ? values[key] : 0;
    }
  }
  return { maps, mask, aif, vof, slabs: record, tissueVoxels };
}
