import type { Vec3 } from '../math/types';

/**
 * Polygon of an ellipse in LPS mm: centre + cos θ·axisA + sin θ·axisB at `segments` equally
 * spaced θ, counter-clockwise about axisA × axisB. axisA and axisB are semi-axis vectors (mm),
 * orthogonal for a true ellipse. The polygon is inscribed, so its area falls short of π·a·b by
 * the factor sin(2π/s)·s/(2π) (0.16 % at 64 segments): use enough segments for the voxel size.
 */
export function ellipseContour(centre: Vec3, axisA: Vec3, axisB: Vec3, segments = 64): Vec3[] {
  const out: Vec3[] = [];
  for (let s = 0; s < segments; s++) {
    const th = (2 * Math.PI * s) / segments;
    const c = Math.cos(th);
    const n = Math.sin(th);
    out.push([
      centre[0] + c * axisA[0] + n * axisB[0],
      centre[1] + c * axisA[1] + n * axisB[1],
      centre[2] + c * axisA[2] + n * axisB[2],
    ]);
  }
  return out;
}
