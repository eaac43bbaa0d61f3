import type dicomParser from 'dicom-parser';
import type { Vec3 } from '../../math/types';
import type { DiffusionInfo } from '../types';
import { decimal, decimals } from '../elementValues';
import { asDirection } from '../geometry/asDirection';
import { rowColumn } from '../geometry/rowColumn';
import { add, scale } from '../../math/vec3Arithmetic';
import { cross } from '../../math/vec3Products';

/** GE adds this offset to (0043,1039)'s b-value for some sequences (dcm2niix strips it the same way). */
const GE_B_OFFSET = 1e9;

/**
 * GE private diffusion: b-value = first value of (0043,1039) IS (e.g. "1000\8\0\0"); gradient
 * (0019,10BB/BC/BD) DS in the image frame, not the patient frame. Mapped to LPS as
 * g = −x·row − y·column + z·normal (normal = row × column); these signs reproduce dcm2niix's bvecs
 * on a real SIGNA series with a 43° in-plane rotation (tests/unit/dicom/conformance).
 * `iop` is the frame's ImageOrientationPatient; without it the gradient cannot be placed (null).
 */
export function readGeDiffusion(ds: dicomParser.DataSet, iop: readonly number[] | null): DiffusionInfo | null {
  const raw = decimals(ds, 'x00431039')?.[0];
  if (raw === undefined) return null;
  const bValue = raw >= GE_B_OFFSET ? raw % GE_B_OFFSET : raw;
  const x = decimal(ds, 'x001910bb');
  const y = decimal(ds, 'x001910bc');
  const z = decimal(ds, 'x001910bd');
  let gradient: Vec3 | null = null;
  if (bValue > 0 && x !== null && y !== null && z !== null && iop) {
    const { row, column } = rowColumn(iop);
    const normal = cross(row, column);
    gradient = asDirection(add(add(scale(row, -x), scale(column, -y)), scale(normal, z)));
  }
  return { bValue, gradientLPS: gradient, source: 'ge-private', isotropic: false };
}
