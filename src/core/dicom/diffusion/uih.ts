import type dicomParser from 'dicom-parser';
import type { Vec3 } from '../../math/types';
import type { DiffusionInfo } from '../types';
import { binaryFloats } from '../elementValues';
import { asDirection } from '../geometry/asDirection';
import { rowColumn } from '../geometry/rowColumn';
import { privateElementKey } from '../privateElement';
import { UIH_IMAGE_HEADER } from '../privateTags';
import { add, scale } from '../../math/vec3Arithmetic';
import { cross } from '../../math/vec3Products';

/**
 * United Imaging private diffusion, in the creator 'Image Private Header' block of group 0065:
 * DiffusionBValue (0065,1009) FD s/mm² (the actual b: a b0 is stored as ~1.25 and a nominal 1000 as
 * e.g. 928.3; kept as read, as dcm2niix does, so the fit's b0 threshold decides), and
 * DiffusionGradientDirection (0065,1037) FD×3 in the image frame (row, column, row × column).
 * Mapped to patient LPS as g = x·row + y·column + z·normal: this reproduces dcm2niix's b-vectors on
 * the real uMR 770 series to 0.0001°, where reading it as LPS is off by up to 2.4°
 * (tests/unit/dicom/conformance). `iop` is the frame's ImageOrientationPatient; without it the
 * gradient cannot be placed (null). Null when the file states no b-value.
 */
export function readUihDiffusion(ds: dicomParser.DataSet, iop: readonly number[] | null): DiffusionInfo | null {
  const bKey = privateElementKey(ds, UIH_IMAGE_HEADER, 0x0065, 0x1009);
  const bValue = bKey ? binaryFloats(ds, bKey, 8)?.[0] : undefined;
  if (bValue === undefined) return null;
  const gKey = privateElementKey(ds, UIH_IMAGE_HEADER, 0x0065, 0x1037);
  const g = gKey ? binaryFloats(ds, gKey, 8) : null;
  let gradient: Vec3 | null = null;
  if (bValue > 0 && g && g.length === 3 && iop) {
    const { row, column } = rowColumn(iop);
    gradient = asDirection(add(add(scale(row, g[0]), scale(column, g[1])), scale(cross(row, column), g[2])));
  }
  return { bValue, gradientLPS: gradient, source: 'uih-private', isotropic: false };
}
