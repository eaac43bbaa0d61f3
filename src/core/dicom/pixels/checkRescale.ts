import type dicomParser from 'dicom-parser';
import { DicomError } from '../errors';
import { rescaleSource } from './frameRescale';

/**
 * Checks one frame's modality rescale (value = stored × slope + intercept) as frameRescale will read
 * it. Refused, naming the file and tag: a Rescale Intercept (0028,1052) or Slope (0028,1053) that is
 * not a finite number (NaN would blank every value: an empty brain mask, a fit of nothing).
 * A slope of 0 is read as 1, as dcm2niix does: returned as a warning saying so (without the file,
 * which its series' list adds); null when all is well.
 */
export function checkRescale(file: string, ds: dicomParser.DataSet, frameIndex: number): string | null {
  const source = rescaleSource(ds, frameIndex);
  if (!source) return null;
  const where = frameIndex > 0 ? ` (frame ${frameIndex + 1})` : '';
  const slope = source.floatString('x00281053');
  const intercept = source.floatString('x00281052');
  if (intercept !== undefined && !Number.isFinite(intercept)) {
    throw new DicomError(file, `Rescale Intercept (0028,1052)${where} is "${source.string('x00281052') ?? ''}": not a finite number; pixel values cannot be computed`);
  }
  if (slope !== undefined && !Number.isFinite(slope)) {
    throw new DicomError(file, `Rescale Slope (0028,1053)${where} is "${source.string('x00281053') ?? ''}": not a finite number; pixel values cannot be computed`);
  }
  return slope === 0 ? 'Rescale Slope (0028,1053) is 0: read as 1 (as dcm2niix does), values may be off by a scale' : null;
}
