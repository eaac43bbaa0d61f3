import { scale, sub } from '../math/vec3Arithmetic';
import { unit } from '../math/vec3Length';
import { dot } from '../math/vec3Products';
import type { Vec3 } from '../math/types';
import type { Plane } from '../measure/types';

/** Mirror image of LPS point p (mm) across a plane (LPS mm, any-length normal). */
export function reflectPoint(p: Vec3, plane: Plane): Vec3 {
  const n = unitNormal(plane);
  return sub(p, scale(n, 2 * dot(sub(p, plane.origin), n)));
}

/** Mirror image of a direction or displacement vector (unit or mm) across a plane: only the normal part flips. */
export function reflectVector(v: Vec3, plane: Plane): Vec3 {
  const n = unitNormal(plane);
  return sub(v, scale(n, 2 * dot(v, n)));
}

function unitNormal(plane: Plane): Vec3 {
  const n = unit(plane.normal);
  if (!n) throw new Error('mirror plane normal is zero');
  return n;
}
