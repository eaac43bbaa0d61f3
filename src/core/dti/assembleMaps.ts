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
  maps.counts.fitted += slab.counts.fitted;
  maps.counts.nonPositiveEigen += slab.counts.nonPositiveEigen;
  maps.counts.failed += slab.counts.failed;
}

/**
 * Scatters a compact slab (element n = voxel voxels[n], as fitted from masked voxels packed
 * together) into the whole-volume maps and adds its counts.
 */
export function scatterSlab(maps: DtiMaps, slab: SlabMaps, voxels: Int32Array): void {
  for (const name of SCALAR_MAP_NAMES) {
    const dst = maps.scalars[name];
    const src = slab.scalars[name];
    for (let n = 0; n < voxels.length; n++) dst[voxels[n]] = src[n];
  }
  for (let n = 0; n < voxels.length; n++) {
    const d = voxels[n] * 3;
    const s = n * 3;
    maps.v1[d] = slab.v1[s];
    maps.v1[d + 1] = slab.v1[s + 1];
    maps.v1[d + 2] = slab.v1[s + 2];
    maps.colorFa[d] = slab.colorFa[s];
    maps.colorFa[d + 1] = slab.colorFa[s + 1];
    maps.colorFa[d + 2] = slab.colorFa[s + 2];
  }
  maps.counts.fitted += slab.counts.fitted;
  maps.counts.nonPositiveEigen += slab.counts.nonPositiveEigen;
  maps.counts.failed += slab.counts.failed;
}
