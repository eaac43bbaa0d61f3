import type dicomParser from 'dicom-parser';

/** Modality LUT as a linear map: value = stored × slope + intercept (unitless scanner units for MR). */
export interface Rescale {
  slope: number;
  intercept: number;
}

const PER_FRAME = 'x52009230';
const RESCALE_SLOPE = 'x00281053';
const RESCALE_INTERCEPT = 'x00281052';
const SHARED = 'x52009229';
const PIXEL_VALUE_TRANSFORMATION = 'x00289145';
/** Philips private per-frame group holding the private scale slope in enhanced files. */
const PHILIPS_PRIVATE_FRAME_GROUP = 'x2005140f';
/** Philips private "scale slope" (SS), FL. */
const PHILIPS_SCALE_SLOPE = 'x2005100e';

/**
 * Slope/intercept turning stored values of one frame into the values dcm2niix writes:
 * - RescaleSlope/Intercept (RS, RI) from the frame's Pixel Value Transformation functional group
 *   (enhanced multi-frame), else the shared group, else the top-level attributes, else identity;
 * - for Philips, when the private scale slope SS (2005,100E) is present, the Philips "floating point"
 *   value FP = (stored·RS + RI) / (RS·SS). dcm2niix applies exactly this by default
 *   (UsePhilipsFloatNotDisplayScaling = 1; its NIfTI scl_slope is 1/SS), so our volumes stay
 *   voxel-identical to its output. FA is scale-invariant; MD is unaffected by a global scale
 *   because it is computed from signal ratios.
 */
export function frameRescale(ds: dicomParser.DataSet, frameIndex: number): Rescale {
  const perFrame = ds.elements[PER_FRAME]?.items?.[frameIndex]?.dataSet;
  const source = rescaleSource(ds, frameIndex);
  const { slope, intercept } = (source && fromDataSet(source)) ?? { slope: 1, intercept: 0 };
  const scale = philipsScaleSlope(ds) ?? philipsScaleSlope(perFrame?.elements[PHILIPS_PRIVATE_FRAME_GROUP]?.items?.[0]?.dataSet);
  if (scale === null) return { slope, intercept };
  return { slope: 1 / scale, intercept: intercept / (slope * scale) };
}

/**
 * The data set one frame's RescaleSlope/Intercept are read from: its Pixel Value Transformation
 * functional group (per-frame, then shared), else the top level; null when none states either.
 */
export function rescaleSource(ds: dicomParser.DataSet, frameIndex: number): dicomParser.DataSet | null {
  const perFrame = ds.elements[PER_FRAME]?.items?.[frameIndex]?.dataSet;
  const shared = ds.elements[SHARED]?.items?.[0]?.dataSet;
  const pvt = (group: dicomParser.DataSet | undefined): dicomParser.DataSet | undefined => group?.elements[PIXEL_VALUE_TRANSFORMATION]?.items?.[0]?.dataSet;
  const states = (d: dicomParser.DataSet | undefined): d is dicomParser.DataSet => !!d && fromDataSet(d) !== null;
  return [pvt(perFrame), pvt(shared), ds].find(states) ?? null;
}

/** A zero or unreadable slope is treated as 1, as dcm2niix does, rather than blanking the image. */
function fromDataSet(ds: dicomParser.DataSet): Rescale | null {
  const slope = ds.floatString(RESCALE_SLOPE);
  const intercept = ds.floatString(RESCALE_INTERCEPT);
  if (slope === undefined && intercept === undefined) return null;
  return { slope: slope === undefined || !Number.isFinite(slope) || slope === 0 ? 1 : slope, intercept: intercept ?? 0 };
}

/** (2005,100E) as a usable divisor, or null when absent, zero or not a finite FL. */
function philipsScaleSlope(ds: dicomParser.DataSet | undefined): number | null {
  const element = ds?.elements[PHILIPS_SCALE_SLOPE];
  if (!ds || !element || element.length !== 4) return null;
  const value = ds.float(PHILIPS_SCALE_SLOPE);
  return value !== undefined && Number.isFinite(value) && value !== 0 ? value : null;
}
