import type { Mat4 } from '../math/types';
import { SCALAR_MAP_NAMES, type SlabMaps } from './slabMaps';
import type { DtiMaps, ScalarMapName } from './types';

/** Empty (all-zero) maps for a whole volume, carrying its geometry and the fit mask. */
export function createDtiMaps(
  dims: [number, number, number],
  spacing: [number, number, number],
  affine: Mat4,
  mask: Uint8Array,
): DtiMaps {
  const nvox = dims[0] * dims[1] * dims[2];
  const scalars = {} as Record<ScalarMapName, Float32Array>;
  for (const name of SCALAR_MAP_NAMES) scalars[name] = new Float32Array(nvox);
  return {
    dims: [...dims],
    spacing: [...spacing],
    affine: [...affine],
    scalars,
    v1: new Float32Array(nvox * 3),
    colorFa: new Uint8Array(nvox * 3),
    mask: Uint8Array.from(mask),
    counts: { fitted: 0, nonPositiveEigen: 0, failed: 0 },
  };
}

/** Copies a slab's results into the whole-volume maps at its voxel offset and adds its counts. */
export function writeSlab(maps: DtiMaps, slab: SlabMaps): void {
  for (const name of SCALAR_MAP_NAMES) maps.scalars[name].set(slab.scalars[name], slab.start);
  maps.v1.set(slab.v1, slab.start * 3);
  maps.colorFa.set(slab.colorFa, slab.start * 3);
  addSlabCounts(maps, slab);
}

/** Adds a slab's counts to the whole-volume maps'. */
function addSlabCounts(maps: DtiMaps, slab: SlabMaps): void {
  maps.counts.fitted += slab.counts.fitted;
  maps.counts.nonPositiveEigen += slab.counts.nonPositiveEigen;
  maps.counts.failed += slab.counts.failed;
}

/**
 * Scatters a compact slab (its voxels packed together, in the order of `runs`: [start, end) voxel
 * index pairs from maskRuns) into the whole-volume maps, run by run, and adds its counts.
 */
export function scatterSlabRuns(maps: DtiMaps, slab: SlabMaps, runs: Int32Array): void {
  // One copy per run and map (a brain mask has one or two runs per image row): memcpy, not a loop per voxel.
  for (let r = 0, n = 0; r < runs.length; r += 2) {
    const [a, b] = [runs[r], runs[r + 1]];
    const m = n + b - a;
    for (const name of SCALAR_MAP_NAMES) maps.scalars[name].set(slab.scalars[name].subarray(n, m), a);
    maps.v1.set(slab.v1.subarray(3 * n, 3 * m), 3 * a);
    maps.colorFa.set(slab.colorFa.subarray(3 * n, 3 * m), 3 * a);
    n = m;
  }
  addSlabCounts(maps, slab);
}
