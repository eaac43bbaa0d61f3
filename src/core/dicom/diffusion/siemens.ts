import type dicomParser from 'dicom-parser';
import type { Vec3 } from '../../math/types';
import type { DiffusionInfo } from '../types';
import { binaryFloats, decimal, rawBytes } from '../elementValues';
import { asDirection } from '../geometry/asDirection';
import { csaNumbers, parseCsa } from './siemensCsa';

/** Siemens private tags: image CSA header (0029,1010) and series CSA header (0029,1020). */
export const SIEMENS_CSA_IMAGE_TAG = 'x00291010';
export const SIEMENS_CSA_SERIES_TAG = 'x00291020';

/**
 * Siemens classic diffusion: (0019,100C) IS b-value and (0019,100E) FD×3 gradient in patient LPS;
 * when those are missing, the image CSA header's B_value / DiffusionGradientDirection (also LPS).
 * (0019,100C) arrives untyped in implicit-VR files, so it is decoded as IS whatever the VR says.
 */
export function readSiemensDiffusion(ds: dicomParser.DataSet): DiffusionInfo | null {
  const b = decimal(ds, 'x0019100c');
  if (b !== null) {
    const g = binaryFloats(ds, 'x0019100e', 8);
    const gradient = g && g.length === 3 ? asDirection(g as Vec3) : csaGradient(ds);
    return { bValue: b, gradientLPS: b > 0 ? gradient : null, source: 'siemens-private', isotropic: false };
  }
  const csa = imageCsa(ds);
  const csaB = csa ? csaNumbers(csa, 'B_value')?.[0] : undefined;
  if (csaB === undefined) return null;
  return { bValue: csaB, gradientLPS: csaB > 0 ? csaGradient(ds) : null, source: 'siemens-csa', isotropic: false };
}

/** NumberOfImagesInMosaic from the image CSA header, or null when the header is absent/stripped. */
export function csaMosaicCount(ds: dicomParser.DataSet): number | null {
  const csa = imageCsa(ds);
  return csa ? (csaNumbers(csa, 'NumberOfImagesInMosaic')?.[0] ?? null) : null;
}

/**
 * SliceNormalVector of the image CSA header (LPS unit vector): the direction in which a mosaic's
 * tiles advance, which is opposite to cross(row, column) when slices are numbered head to foot.
 * Null when the header is absent/stripped.
 */
export function csaSliceNormal(ds: dicomParser.DataSet): Vec3 | null {
  const csa = imageCsa(ds);
  const n = csa ? csaNumbers(csa, 'SliceNormalVector') : null;
  return n && n.length === 3 ? asDirection(n as Vec3) : null;
}

function csaGradient(ds: dicomParser.DataSet): Vec3 | null {
  const csa = imageCsa(ds);
  const g = csa ? csaNumbers(csa, 'DiffusionGradientDirection') : null;
  return g && g.length === 3 ? asDirection(g as Vec3) : null;
}

function imageCsa(ds: dicomParser.DataSet): Map<string, string[]> | null {
  const bytes = rawBytes(ds, SIEMENS_CSA_IMAGE_TAG);
  return bytes ? parseCsa(bytes) : null;
}
