import type { Vec3 } from './types';
import { scale } from './vec3Arithmetic';

/** Euclidean length of a 3-vector, in its own unit (mm for LPS offsets). */
export function norm(a: Vec3): number {
  return Math.hypot(a[0], a[1], a[2]);
}

/**
 * Unit vector (unitless direction) along `a`, or null for a (near-)zero vector: below 1e-6 of
 * the input's unit (1 nm for mm) there is no direction to trust.
 */
export function unit(a: Vec3): Vec3 | null {
  const n = norm(a);
  return n < 1e-6 ? null : scale(a, 1 / n);
}
