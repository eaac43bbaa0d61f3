import type { Mat4, Vec3 } from '../math/types';
import { lpsToVoxelMap } from '../roi/voxelAffine';

/**
 * Linear index i + nx·(j + ny·k) of the voxel whose centre is nearest to the patient point `lps`
 * (LPS mm) on the grid `affine` (voxel → LPS, row-major) of size nx × ny × nz. Throws an Error
 * naming the point when it lies outside the grid.
 */
export function pointToVoxel(affine: Mat4, dims: readonly number[], lps: Vec3): number {
  const [nx, ny, nz] = dims;
  const [i, j, k] = lpsToVoxelMap(affine)(lps).map(Math.round);
  if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) {
    throw new Error(`point (${lps.join(', ')}) mm LPS lies outside the series (voxel ${i}, ${j}, ${k} of ${nx}×${ny}×${nz})`);
  }
  return i + nx * (j + ny * k);
}
