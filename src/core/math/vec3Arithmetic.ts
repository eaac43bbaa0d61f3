import type { Vec3 } from './types';

/**
 * Component-wise 3-vector arithmetic. Units are the caller's: points and offsets in patient LPS
 * mm, or unitless directions; the result is in the same space and unit as the inputs.
 */

export function add(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

export function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

export function scale(a: Vec3, s: number): Vec3 {
  return [a[0] * s, a[1] * s, a[2] * s];
}
