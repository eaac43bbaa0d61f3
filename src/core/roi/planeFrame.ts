import { scale, sub } from '../math/vec3Arithmetic';
import { unit } from '../math/vec3Length';
import { cross, dot } from '../math/vec3Products';
import type { Vec3 } from '../math/types';
import type { Plane } from '../measure/types';

/**
 * An orthonormal frame of a plane in LPS: `origin` (mm), unit `normal`, and in-plane unit axes
 * `u`, `v` with u × v = normal. 2D plane coordinates (x, y) of a point p are ((p−origin)·u,
 * (p−origin)·v) in mm, so areas and inside-tests in the plane are in true millimetres whatever
 * the plane's obliquity.
 */
export interface PlaneFrame {
  origin: Vec3;
  normal: Vec3;
  u: Vec3;
  v: Vec3;
}

/**
 * Builds the frame. `u` is the LPS axis least aligned with the normal, made orthogonal to it:
 * any in-plane axis would do, this one is deterministic and well conditioned.
 */
export function planeFrame(plane: Plane): PlaneFrame {
  const normal = unit(plane.normal);
  if (!normal) throw new Error('plane normal is zero');
  const abs = normal.map(Math.abs);
  const axisIndex = abs[0] <= abs[1] && abs[0] <= abs[2] ? 0 : abs[1] <= abs[2] ? 1 : 2;
  const axis: Vec3 = [0, 0, 0];
  axis[axisIndex] = 1;
  const u = unit(sub(axis, scale(normal, dot(axis, normal)))) as Vec3;
  const v = cross(normal, u);
  return { origin: plane.origin, normal, u, v };
}

/** Plane coordinates (x, y) in mm of LPS point p, and its signed distance (mm) along the normal. */
export function toPlaneCoords(frame: PlaneFrame, p: Vec3): { x: number; y: number; d: number } {
  const r = sub(p, frame.origin);
  return { x: dot(r, frame.u), y: dot(r, frame.v), d: dot(r, frame.normal) };
}
