import type { Vec3 } from '../../math/types';

/** Small 3-vector helpers for patient-space (LPS mm or unit direction) geometry. */

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function norm(a: Vec3): number {
  return Math.hypot(a[0], a[1], a[2]);
}

export function scale(a: Vec3, s: number): Vec3 {
  return [a[0] * s, a[1] * s, a[2] * s];
}

export function add(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

export function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

/** Unit vector, or null for a (near-)zero vector. */
export function unit(a: Vec3): Vec3 | null {
  const n = norm(a);
  return n < 1e-6 ? null : scale(a, 1 / n);
}

/** Row then column direction cosines (ImageOrientationPatient) as two vectors. */
export function rowColumn(iop: readonly number[]): { row: Vec3; column: Vec3 } {
  return { row: [iop[0], iop[1], iop[2]], column: [iop[3], iop[4], iop[5]] };
}

/**
 * A stated gradient direction: kept exactly as written when already unit length within 1%
 * (scanners print 6 digits, and dcm2niix copies them unnormalised: renormalising would move
 * components by ~1e-4), otherwise normalised; null for a zero vector.
 */
export function asDirection(a: Vec3): Vec3 | null {
  const n = norm(a);
  if (n < 1e-6) return null;
  return Math.abs(n - 1) < 0.01 ? a : scale(a, 1 / n);
}
