import type { Vec3 } from '../math/types';

/**
 * Unit normal of a candidate mid-sagittal plane in LPS: the patient L–R axis (+x, towards the
 * patient's left) rolled by `rollRad` about A (y) then yawed by `yawRad` about S (z):
 * n = Rz(yaw)·Ry(roll)·(1, 0, 0) = (cos roll·cos yaw, cos roll·sin yaw, −sin roll).
 */
export function sagittalNormal(yawRad: number, rollRad: number): Vec3 {
  const cr = Math.cos(rollRad);
  return [cr * Math.cos(yawRad), cr * Math.sin(yawRad), -Math.sin(rollRad)];
}
