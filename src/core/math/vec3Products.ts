import type { Vec3 } from './types';

/**
 * Dot and cross products of 3-vectors in one right-handed frame (patient LPS for the app's
 * geometry). Units multiply: mm · mm = mm², a unit direction · mm = signed mm along it.
 */

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
