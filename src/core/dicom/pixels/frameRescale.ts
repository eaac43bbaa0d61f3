import type dicomParser from 'dicom-parser';

/** Modality LUT as a linear map: value = stored × slope + intercept (unitless scanner units for MR). */
export interface Rescale {
  slope: number;
  intercept: number;
}

const PER_FRAME = 'x52009230';
const SHARED = 'x52009229';
const PIXEL_VALUE_TRANSFORMATION = 'x00289145';

/**
 * RescaleSlope/Intercept of one frame: the frame's Pixel Value Transformation functional group
 * (enhanced multi-frame), else the shared group, else the top-level attributes, else identity.
 * Deliberately NOT applied: Philips' private scale slope (2005,100E). dcm2niix by default applies
 * only RescaleSlope/Intercept, and FA (ratio) and normalised MD are invariant to a global scale,
 * so matching dcm2niix keeps our NIfTI voxel-identical to the reference.
 */
export function frameRescale(ds: dicomParser.DataSet, frameIndex: number): Rescale {
  const fromGroup = (group: string, index: number): Rescale | null => {
    const item = ds.elements[group]?.items?.[index]?.dataSet;
    const pvt = item?.elements[PIXEL_VALUE_TRANSFORMATION]?.items?.[0]?.dataSet;
    return pvt ? fromDataSet(pvt) : null;
  };
  return fromGroup(PER_FRAME, frameIndex) ?? fromGroup(SHARED, 0) ?? fromDataSet(ds) ?? { slope: 1, intercept: 0 };
}

/** A zero or unreadable slope is treated as 1, as dcm2niix does, rather than blanking the image. */
function fromDataSet(ds: dicomParser.DataSet): Rescale | null {
  const slope = ds.floatString('x00281053');
  const intercept = ds.floatString('x00281052');
  if (slope === undefined && intercept === undefined) return null;
  return { slope: slope === undefined || !Number.isFinite(slope) || slope === 0 ? 1 : slope, intercept: intercept ?? 0 };
}
