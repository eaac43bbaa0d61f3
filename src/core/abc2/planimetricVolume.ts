import type { Mat4, Vec3 } from '../math/types';
import { voxelVolumeMm3 } from '../roi/voxelAffine';
import { isLesion } from './lesionMask';

/**
 * Planimetric lesion volume, mL: Σ slice areas × slice spacing = lesion voxel count × voxel
 * volume / 1000. `voxel` is either the voxel size [sx, sy, sz] in mm or the voxel→LPS affine
 * (row-major 4×4; |det| of its linear part is the voxel volume, so sheared grids are right).
 * `labels` has dims[0]·dims[1]·dims[2] voxels; see isLesion for `label`.
 */
export function planimetricVolume(
  labels: Uint8Array,
  dims: [number, number, number],
  voxel: Vec3 | Mat4,
  label?: number,
): number {
  if (labels.length !== dims[0] * dims[1] * dims[2]) throw new Error('label volume does not match dims');
  let count = 0;
  for (let v = 0; v < labels.length; v++) if (isLesion(labels[v], label)) count++;
  const mm3 = voxel.length === 16 ? voxelVolumeMm3(voxel) : voxel[0] * voxel[1] * voxel[2];
  return (count * mm3) / 1000;
}
