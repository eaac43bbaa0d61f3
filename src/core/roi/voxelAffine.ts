import type { Mat4, Vec3 } from '../math/types';

/**
 * Geometry of a voxel grid from its affine (voxel index (i, j, k) → voxel centre in LPS mm,
 * row-major 4×4): the centre of voxel (0,0,0) and the LPS step, in mm, of one voxel along i, j, k.
 * Reformatted and oblique grids have non-axis steps; nothing here assumes axial slices.
 */
export interface VoxelAxes {
  origin: Vec3;
  ei: Vec3;
  ej: Vec3;
  ek: Vec3;
}

export function voxelAxes(affine: Mat4): VoxelAxes {
  return {
    origin: [affine[3], affine[7], affine[11]],
    ei: [affine[0], affine[4], affine[8]],
    ej: [affine[1], affine[5], affine[9]],
    ek: [affine[2], affine[6], affine[10]],
  };
}

/** Centre of voxel (i, j, k) in LPS mm (fractional indices give points between centres). */
export function voxelToLps(affine: Mat4, i: number, j: number, k: number): Vec3 {
  return [
    affine[0] * i + affine[1] * j + affine[2] * k + affine[3],
    affine[4] * i + affine[5] * j + affine[6] * k + affine[7],
    affine[8] * i + affine[9] * j + affine[10] * k + affine[11],
  ];
}

/** Volume of one voxel, mm³: |det| of the affine's linear part (the parallelepiped of ei, ej, ek). */
export function voxelVolumeMm3(affine: Mat4): number {
  return Math.abs(det3(affine));
}

/**
 * The inverse map, LPS mm → fractional voxel index (i, j, k), as a closure over the inverted
 * 3×3 so callers mapping many points invert once. Throws on a singular affine.
 */
export function lpsToVoxelMap(affine: Mat4): (p: Vec3) => Vec3 {
  const [a, b, c, , d, e, f, , g, h, k] = affine;
  const det = det3(affine);
  if (Math.abs(det) < 1e-12) throw new Error('voxel affine is singular');
  const inv = [
    (e * k - f * h) / det, (c * h - b * k) / det, (b * f - c * e) / det,
    (f * g - d * k) / det, (a * k - c * g) / det, (c * d - a * f) / det,
    (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det,
  ];
  const tx = affine[3];
  const ty = affine[7];
  const tz = affine[11];
  return (p) => {
    const x = p[0] - tx;
    const y = p[1] - ty;
    const z = p[2] - tz;
    return [
      inv[0] * x + inv[1] * y + inv[2] * z,
      inv[3] * x + inv[4] * y + inv[5] * z,
      inv[6] * x + inv[7] * y + inv[8] * z,
    ];
  };
}

function det3(m: Mat4): number {
  return (
    m[0] * (m[5] * m[10] - m[6] * m[9]) -
    m[1] * (m[4] * m[10] - m[6] * m[8]) +
    m[2] * (m[4] * m[9] - m[5] * m[8])
  );
}
