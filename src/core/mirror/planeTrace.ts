import { add, scale, sub } from '../math/vec3Arithmetic';
import { norm, unit } from '../math/vec3Length';
import { cross, dot } from '../math/vec3Products';
import type { Vec3 } from '../math/types';
import type { Plane } from '../measure/types';

/**
 * The mirror plane as the reader sees and drags it: its trace (intersection line) on a viewed
 * slice. All points LPS mm, normals unit vectors.
 */

/**
 * The trace of `plane` on the slice plane `slice`, as a segment of half length `halfMm` centred
 * on the trace point nearest `near` (an LPS point on the slice, e.g. the ROI's centre); its
 * direction is plane.normal × slice.normal. Null when the two planes are parallel.
 */
export function planeTrace(plane: Plane, slice: Plane, near: Vec3, halfMm: number): [Vec3, Vec3] | null {
  const d = unit(cross(plane.normal, slice.normal));
  if (!d) return null;
  // w lies in the slice, across the trace: walk from `near` along w onto the plane.
  const w = cross(slice.normal, d);
  const denom = dot(w, plane.normal);
  if (Math.abs(denom) < 1e-9) return null;
  const onLine = add(near, scale(w, dot(sub(plane.origin, near), plane.normal) / denom));
  return [add(onLine, scale(d, -halfMm)), add(onLine, scale(d, halfMm))];
}

/**
 * The plane whose trace on a slice (normal `sliceNormal`) is the segment `from`–`to`, found by
 * moving `previous` the way the reader moved its trace: the normal turns about the slice normal
 * by the angle between the old and the new trace directions (so a tilt out of the slice, e.g.
 * the estimate's roll, is kept), and the plane passes through the segment's midpoint. A trace
 * dragged without turning gives a pure translation. Turns are taken within ±90° (a trace has no
 * head or tail). Throws when the segment is degenerate or along the slice normal.
 */
export function planeFromTrace(previous: Plane, sliceNormal: Vec3, from: Vec3, to: Vec3): Plane {
  const s = unit(sliceNormal);
  const n = unit(previous.normal);
  if (!s || !n) throw new Error('plane or slice normal is zero');
  const oldDir = unit(cross(n, s));
  // The dragged segment projected into the slice (handles lie in it up to rounding).
  const seg = sub(to, from);
  let newDir = unit(sub(seg, scale(s, dot(seg, s))));
  if (!oldDir || !newDir || norm(seg) < 1e-6) throw new Error('plane trace is degenerate');
  if (dot(oldDir, newDir) < 0) newDir = scale(newDir, -1);
  const angle = Math.atan2(dot(cross(oldDir, newDir), s), dot(oldDir, newDir));
  return { origin: scale(add(from, to), 0.5), normal: rotateAbout(n, s, angle) };
}

/** Rodrigues: `v` turned by `angle` radians about the unit axis `axis` (right-handed). */
function rotateAbout(v: Vec3, axis: Vec3, angle: number): Vec3 {
  const c = Math.cos(angle);
  const sn = Math.sin(angle);
  return add(add(scale(v, c), scale(cross(axis, v), sn)), scale(axis, dot(axis, v) * (1 - c)));
}
