import type dicomParser from 'dicom-parser';
import type { Vec3 } from '../../math/types';
import type { DiffusionInfo } from '../types';
import { binaryFloats, firstItem, text } from '../elementValues';
import { asDirection } from '../geometry/asDirection';
import { isTraceImage } from './traceMarking';

/**
 * Standard diffusion attributes: DiffusionBValue (0018,9087) FD s/mm², DiffusionGradientOrientation
 * (0018,9089) FD×3 unit vector in patient LPS (at the top level in classic files, or inside
 * DiffusionGradientDirectionSequence (0018,9076)), DiffusionDirectionality (0018,9075).
 * `ds` is either a classic file's data set or one item of MRDiffusionSequence (0018,9117).
 * Null when no b-value is present: absent is not the same as b = 0 (see canonAbsentB0).
 */
export function readStandardDiffusion(ds: dicomParser.DataSet, source: string): DiffusionInfo | null {
  const b = binaryFloats(ds, 'x00189087', 8)?.[0];
  if (b === undefined) return null;
  const directionality = text(ds, 'x00189075').toUpperCase();
  const holder = ds.elements.x00189089 ? ds : firstItem(ds, 'x00189076');
  const g = holder ? binaryFloats(holder, 'x00189089', 8) : null;
  const gradient = g && g.length === 3 ? asDirection(g as Vec3) : null;
  return {
    bValue: b,
    gradientLPS: b > 0 ? gradient : null,
    source,
    isotropic: isTraceImage(directionality === 'ISOTROPIC', b),
  };
}
