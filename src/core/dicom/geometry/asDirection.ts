import type { Vec3 } from '../../math/types';
import { scale } from '../../math/vec3Arithmetic';
import { norm } from '../../math/vec3Length';

/**
 * A stated gradient direction (unitless, in the frame the header states it): kept exactly as
 * written when already unit length within 1% (scanners print 6 digits, and dcm2niix copies them
 * unnormalised: renormalising would move components by ~1e-4), otherwise normalised; null for a
 * zero vector.
 */
export function asDirection(a: Vec3): Vec3 | null {
  const n = norm(a);
  if (n < 1e-6) return null;
  return Math.abs(n - 1) < 0.01 ? a : scale(a, 1 / n);
}
