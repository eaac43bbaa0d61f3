import type dicomParser from 'dicom-parser';
import type { Vec3 } from '../../math/types';
import type { DiffusionInfo } from '../types';
import { binaryFloats, decimal, text } from '../elementValues';
import { asDirection } from '../geometry/asDirection';
import { isTraceImage } from './traceMarking';

/**
 * Philips private diffusion: DiffusionBFactor (2001,1003) FL s/mm², direction (2005,10B0/B1/B2) FL
 * in patient LPS (identical to the standard (0018,9089) where both are written), DiffusionDirection
 * (2001,1004) CS 'I' for the derived isotropic (trace) image that must never enter a tensor fit
 * (Philips writes 'I' on the classic b = 0 image too: see isTraceImage).
 * Near-zero "b0" values (0.001–0.004) are kept as read, as dcm2niix does.
 */
export function readPhilipsDiffusion(ds: dicomParser.DataSet): DiffusionInfo | null {
  const b = binaryFloats(ds, 'x20011003', 4)?.[0];
  if (b === undefined) return null;
  const x = binaryFloats(ds, 'x200510b0', 4)?.[0];
  const y = binaryFloats(ds, 'x200510b1', 4)?.[0];
  const z = binaryFloats(ds, 'x200510b2', 4)?.[0];
  const gradient = x !== undefined && y !== undefined && z !== undefined ? asDirection([x, y, z] as Vec3) : null;
  return {
    bValue: b,
    gradientLPS: b > 0 ? gradient : null,
    source: 'philips-private',
    isotropic: isTraceImage(isPhilipsIsotropic(ds), b),
  };
}

/** (2001,1004) 'I' or ImageType ISOTROPIC: the image is marked isotropic (a trace only when diffusion-weighted). */
export function isPhilipsIsotropic(ds: dicomParser.DataSet): boolean {
  return text(ds, 'x20011004').toUpperCase() === 'I' || text(ds, 'x00080008').toUpperCase().includes('ISOTROPIC');
}

/** Philips volume (dynamic) number (2005,1596) IS, 1-based: the acquisition order dcm2niix sorts by. */
export function philipsVolumeNumber(ds: dicomParser.DataSet): number | null {
  return decimal(ds, 'x20051596');
}
