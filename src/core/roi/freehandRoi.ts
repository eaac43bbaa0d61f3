import { add, scale, sub } from '../math/vec3Arithmetic';
import { unit } from '../math/vec3Length';
import { dot } from '../math/vec3Products';
import type { Vec3 } from '../math/types';
import type { Plane, PlanarRoi } from '../measure/types';
import type { RoiLabel } from './roiLabel';

/**
 * A freehand ROI from a closed polyline in LPS mm (the last point joins the first). The plane is
 * `plane` when the caller knows it (the viewport's plane), otherwise the best plane of the points:
 * through their centroid with Newell's normal (robust for non-convex outlines). Points are
 * projected onto the plane so the stored contour lies in it exactly.
 */
export function freehandRoi(label: RoiLabel, points: Vec3[], plane?: Plane): PlanarRoi {
  if (points.length < 3) throw new Error('a freehand ROI needs at least 3 points');
  const p = plane ?? bestPlane(points);
  const normal = unit(p.normal);
  if (!normal) throw new Error('freehand ROI plane normal is zero');
  const contour = points.map((q) => sub(q, scale(normal, dot(sub(q, p.origin), normal))));
  return { ...label, shape: 'freehand', plane: { origin: p.origin, normal }, contour };
}

function bestPlane(points: Vec3[]): Plane {
  let centroid: Vec3 = [0, 0, 0];
  for (const q of points) centroid = add(centroid, q);
  centroid = scale(centroid, 1 / points.length);
  const n: Vec3 = [0, 0, 0];
  for (let a = 0; a < points.length; a++) {
    const c = points[a];
    const d = points[(a + 1) % points.length];
    n[0] += (c[1] - d[1]) * (c[2] + d[2]);
    n[1] += (c[2] - d[2]) * (c[0] + d[0]);
    n[2] += (c[0] - d[0]) * (c[1] + d[1]);
  }
  return { origin: centroid, normal: n };
}
