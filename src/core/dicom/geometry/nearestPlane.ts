import { rowColumn } from './rowColumn';
import { cross } from '../../math/vec3Products';

export type AnatomicalPlane = 'axial' | 'coronal' | 'sagittal';

/**
 * The anatomical plane an image lies closest to: the patient axis its normal (row × column of
 * ImageOrientationPatient, LPS) leans on most — S/I axial, A/P coronal, L/R sagittal. An oblique
 * acquisition is shown in the plane a reader expects for it.
 */
export function nearestPlane(iop: readonly number[]): AnatomicalPlane {
  const { row, column } = rowColumn(iop);
  const [x, y, z] = cross(row, column).map(Math.abs);
  if (z >= x && z >= y) return 'axial';
  return y >= x ? 'coronal' : 'sagittal';
}
