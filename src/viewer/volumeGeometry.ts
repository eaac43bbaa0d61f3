import type { Mat4, Vec3 } from '../core/math/types';

/** Cornerstone's geometry of a local volume: origin LPS mm, spacing mm, direction cosines (i, j, k axes, 9 numbers). */
export interface CornerstoneGeometry {
  origin: Vec3;
  spacing: Vec3;
  direction: number[];
}

/**
 * Splits a voxel → LPS affine (row-major 4×4, column c = step in LPS mm per voxel along axis c)
 * into what `volumeLoader.createLocalVolume` takes, so a map volume lands exactly on its DWI series.
 */
export function cornerstoneGeometry(affine: Mat4): CornerstoneGeometry {
  const axis = (c: number): Vec3 => [affine[c], affine[4 + c], affine[8 + c]];
  const spacing = [0, 1, 2].map((c) => Math.hypot(...axis(c))) as Vec3;
  const direction = [0, 1, 2].flatMap((c) => axis(c).map((v) => v / spacing[c]));
  return { origin: [affine[3], affine[7], affine[11]], spacing, direction };
}

/**
 * Nearest voxel index (i, j, k) of an LPS point (mm) under a voxel → LPS affine, or null outside
 * `dims`. Used by the probe: Cornerstone gives the world point under the cursor, the maps are indexed by voxel.
 */
export function worldToVoxel(affine: Mat4, dims: [number, number, number], world: Vec3): Vec3 | null {
  const [a, b, c, d, e, f, g, h, i] = [affine[0], affine[1], affine[2], affine[4], affine[5], affine[6], affine[8], affine[9], affine[10]];
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  if (det === 0) return null;
  const x = world[0] - affine[3];
  const y = world[1] - affine[7];
  const z = world[2] - affine[11];
  // Inverse of the 3×3 linear part by cofactors, applied to the point relative to the origin.
  const vi = ((e * i - f * h) * x - (b * i - c * h) * y + (b * f - c * e) * z) / det;
  const vj = (-(d * i - f * g) * x + (a * i - c * g) * y - (a * f - c * d) * z) / det;
  const vk = ((d * h - e * g) * x - (a * h - b * g) * y + (a * e - b * d) * z) / det;
  const ijk = [Math.round(vi), Math.round(vj), Math.round(vk)] as Vec3;
  return ijk.every((v, n) => v >= 0 && v < dims[n]) ? ijk : null;
}
