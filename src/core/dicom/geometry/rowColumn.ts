import type { Vec3 } from '../../math/types';

/** Row then column direction cosines (ImageOrientationPatient, unitless in LPS) as two vectors. */
export function rowColumn(iop: readonly number[]): { row: Vec3; column: Vec3 } {
  return { row: [iop[0], iop[1], iop[2]], column: [iop[3], iop[4], iop[5]] };
}
