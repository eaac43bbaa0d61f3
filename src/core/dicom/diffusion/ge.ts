import type dicomParser from 'dicom-parser';
import type { Vec3 } from '../../math/types';
import type { DiffusionInfo } from '../types';
import { decimal, decimals, text } from '../elementValues';
import { asDirection } from '../geometry/asDirection';
import { rowColumn } from '../geometry/rowColumn';
import { add, scale } from '../../math/vec3Arithmetic';
import { cross } from '../../math/vec3Products';

/** GE adds this offset to (0043,1039)'s b-value for some sequences (dcm2niix strips it the same way). */
const GE_B_OFFSET = 1e9;

/**
 * GE private diffusion: b-value = first value of (0043,1039) IS (e.g. "1000\8\0\0"); gradient
 * (0019,10BB/BC/BD) DS in the image frame, not the patient frame. Mapped to LPS as
 * g = −x·row − y·column + z·normal (normal = row × column) when In-plane Phase Encoding Direction
 * (0018,1312) is COL: these signs reproduce dcm2niix's bvecs on a real SIGNA series with a 43°
 * in-plane rotation (tests/unit/dicom/conformance). The other cases follow dcm2niix's geCorrectBvecs:
 * ROW swaps the in-plane components (x, y) → (y, −x) first; with (0018,1312) absent or unreadable it
 * writes the stored vector unchanged, which is the COL mapping with x's sign reversed (checked
 * against dcm2niix on written fixtures, tests/unit/dicom/geGradientSign).
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
    const [gx, gy] = inPlaneComponents(text(ds, 'x00181312'), x, y);
    gradient = asDirection(add(add(scale(row, -gx), scale(column, -gy)), scale(normal, z)));
  }
  return { bValue, gradientLPS: gradient, source: 'ge-private', isotropic: false };
}

/** The in-plane gradient components (x, y) as the COL mapping takes them, by phase encoding direction (dcm2niix reads its first letter). */
function inPlaneComponents(phaseEncoding: string, x: number, y: number): [number, number] {
  const first = phaseEncoding.trim().charAt(0).toUpperCase();
  if (first === 'C') return [x, y];
  if (first === 'R') return [y, -x];
  return [-x, y];
}
