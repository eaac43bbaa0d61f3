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
  /** Present when the slab was fitted before its fit's floor was known (fitSlabSimd's `deferFloor`). */
  pendingFloor?: PendingFloor;
}

/**
 * What a slab fitted without its fit's floor leaves to the pool: the floor is the least
 * `minPositive` of every slab, and only `voxels` (a signal at or below any floor: zero, negative,
 * NaN, subnormal) depend on it. Their maps in the slab are placeholders, left out of its counts:
 * the pool refits them once the floor is known.
 */
export interface PendingFloor {
  /**
   * Smallest positive signal of the slab's fitted voxels over every fitted volume (signal units;
   * Infinity when none); or the fit's floor itself where the worker found it (JavaScript kernel).
   */
  minPositive: number;
  /** Those voxels, as indices into the slab (voxel start + n), ascending. */
  voxels: Int32Array;
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

/** The buffers of a slab, for postMessage transfer lists (no copy between threads). */
export function slabTransferables(maps: SlabMaps): ArrayBuffer[] {
  const pending = maps.pendingFloor ? [maps.pendingFloor.voxels.buffer as ArrayBuffer] : [];
  return [...SCALAR_MAP_NAMES.map((n) => maps.scalars[n].buffer as ArrayBuffer), maps.v1.buffer as ArrayBuffer, maps.colorFa.buffer as ArrayBuffer, ...pending];
}


/**
 * The voxels of `runs` ([start, end) pairs of indices into the slab, as maskRuns gives) of a slab
 * packed together in run order, with its counts and pending floor (whose indices stay the slab's):
 * what a worker sends back for a masked slab, so only fitted voxels cross to the pool
 * (scatterSlabRuns puts them in place there).
 */
export function packSlabRuns(slab: SlabMaps, runs: Int32Array): SlabMaps {
  let count = 0;
  for (let r = 0; r < runs.length; r += 2) count += runs[r + 1] - runs[r];
  const out = allocateSlabMaps(0, count);
  for (let r = 0, at = 0; r < runs.length; r += 2) {
    const [a, b] = [runs[r], runs[r + 1]];
    for (const name of SCALAR_MAP_NAMES) out.scalars[name].set(slab.scalars[name].subarray(a, b), at);
    out.v1.set(slab.v1.subarray(3 * a, 3 * b), 3 * at);
    out.colorFa.set(slab.colorFa.subarray(3 * a, 3 * b), 3 * at);
    at += b - a;
  }
  out.counts = slab.counts;
  if (slab.pendingFloor) out.pendingFloor = slab.pendingFloor;
  return out;
}
