import { norm } from '../math/vec3Length';
import type { Mat4, Vec3 } from '../math/types';
import { voxelAxes, voxelToLps } from '../roi/voxelAffine';
import { decimalString } from './decimalString';

/**
 * The DICOM plane attributes of a voxel grid (voxel (i, j, k) → LPS mm centre, row-major 4×4;
 * i along a row = columns, j down the columns = rows): orientation (row then column cosines),
 * pixel spacing [between rows, between columns] and slice spacing in mm, and the
 * ImagePositionPatient of slice k. DS values as text (decimalString).
 */
export interface GridPlanes {
  orientation: string[];
  pixelSpacing: string[];
  sliceSpacing: string;
  position: (k: number) => string[];
}

const ds = (v: number) => decimalString(Math.abs(v) < 1e-9 ? 0 : v);

export function gridPlanes(affine: Mat4): GridPlanes {
  const { ei, ej, ek } = voxelAxes(affine);
  const di = norm(ei);
  const dj = norm(ej);
  const cos = (e: Vec3, d: number) => e.map((x) => ds(x / d));
  return {
    orientation: [...cos(ei, di), ...cos(ej, dj)],
    pixelSpacing: [ds(dj), ds(di)],
    sliceSpacing: ds(norm(ek)),
    position: (k) => voxelToLps(affine, 0, 0, k).map(ds),
  };
}
