import type { ScalarMapName } from './types';

/** Every scalar map a fit writes, in a fixed order (also the order of transfer lists). */
export const SCALAR_MAP_NAMES: readonly ScalarMapName[] = ['fa', 'md', 'ad', 'rd', 'l1', 'l2', 'l3', 's0', 'residual'];

/**
 * Output of the fit over a contiguous voxel range [start, start + count) of a volume:
 * element n belongs to voxel start + n. Units as in DtiMaps (mm²/s, FA unitless, signal units).
 */
export interface SlabMaps {
  start: number;
  count: number;
  scalars: Record<ScalarMapName, Float32Array>;
  /** 3 floats per voxel, principal eigenvector in the gradients' frame. */
  v1: Float32Array;
  /** 3 bytes per voxel, round(255·|V1|·FA). */
  colorFa: Uint8Array;
  counts: { fitted: number; nonPositiveEigen: number; failed: number };
}

/** Zero-filled maps for `count` voxels starting at voxel `start`. */
export function allocateSlabMaps(start: number, count: number): SlabMaps {
  const scalars = {} as Record<ScalarMapName, Float32Array>;
  for (const name of SCALAR_MAP_NAMES) scalars[name] = new Float32Array(count);
  return {
    start,
    count,
    scalars,
    v1: new Float32Array(count * 3),
    colorFa: new Uint8Array(count * 3),
    counts: { fitted: 0, nonPositiveEigen: 0, failed: 0 },
  };
}

/** The buffers of a slab, for postMessage transfer lists (no copy between threads); none when they are shared. */
export function slabTransferables(maps: SlabMaps): ArrayBuffer[] {
  if (typeof SharedArrayBuffer !== 'undefined' && maps.v1.buffer instanceof SharedArrayBuffer) return [];
  return [...SCALAR_MAP_NAMES.map((n) => maps.scalars[n].buffer as ArrayBuffer), maps.v1.buffer as ArrayBuffer, maps.colorFa.buffer as ArrayBuffer];
}

/** Whole-volume map arrays a fit can write into in place (e.g. on SharedArrayBuffers shared by workers). */
export interface MapOutputs {
  scalars: Record<ScalarMapName, Float32Array>;
  v1: Float32Array;
  colorFa: Uint8Array;
}

/**
 * SlabMaps for voxels [start, start + count) as views of whole-volume outputs: a fit writing them
 * writes the volume's maps directly. The outputs must be zero where the fit writes nothing.
 */
export function slabViews(outputs: MapOutputs, start: number, count: number): SlabMaps {
  const scalars = {} as Record<ScalarMapName, Float32Array>;
  for (const name of SCALAR_MAP_NAMES) scalars[name] = outputs.scalars[name].subarray(start, start + count);
  return {
    start,
    count,
    scalars,
    v1: outputs.v1.subarray(3 * start, 3 * (start + count)),
    colorFa: outputs.colorFa.subarray(3 * start, 3 * (start + count)),
    counts: { fitted: 0, nonPositiveEigen: 0, failed: 0 },
  };
}
