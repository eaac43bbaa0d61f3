import type { Mat4, Vec3 } from '../math/types';

/**
 * Re-expresses unit gradients from patient LPS into the voxel-axis frame (i, j, k) of an affine
 * (voxel index → LPS mm, row-major 4×4): component n is the projection on the normalised n-th
 * column of the affine's 3×3 part. Fitting in this frame puts V1 and colour FA in voxel axes
 * (red = i), whatever the slice obliquity. b0 / unknown ([0,0,0]) stay zero.
 */
export function gradientsToVoxelFrame(affine: Mat4, gradientsLPS: readonly Vec3[]): Vec3[] {
  const axes: Vec3[] = [0, 1, 2].map((c) => {
    const x = affine[c];
    const y = affine[4 + c];
    const z = affine[8 + c];
    const n = Math.hypot(x, y, z);
    return [x / n, y / n, z / n] as Vec3;
  });
  return gradientsLPS.map((g) => axes.map((a) => a[0] * g[0] + a[1] * g[1] + a[2] * g[2]) as Vec3);
}
