import { z } from 'zod';

/**
 * The app's saved measurement session (one JSON file per patient, or per study), the input of
 * every export. Identifying DICOM attributes are stored as read so the session stays a faithful
 * working record; they are stripped only on export (deidentify.ts). Flat arrays keyed by UIDs
 * and ROI ids, so a row-per-entity database dump (studies, series, rois, stats, lesions) maps
 * onto it one to one. Geometry is in patient LPS mm; statistics are in the map's native units
 * (FA unitless, diffusivities mm²/s), as RoiStats documents.
 */

export const SESSION_FORMAT = 'dti-trial-viewer-session';
export const SESSION_VERSION = 1;

const vec3 = z.tuple([z.number(), z.number(), z.number()]);
const optionalText = z.string().optional();

/** Patient-level identifying attributes as read from DICOM (PatientName, PatientID, ...). */
const patientIdentity = z.object({
  patientId: z.string(),
  patientName: z.string(),
  birthDate: z.string(),
  sex: z.string(),
  age: optionalText,
  otherPatientIds: optionalText,
  address: optionalText,
});

const trialMeta = z.object({
  subjectId: z.string(),
  timepoint: z.string(),
  site: z.string(),
  reader: z.string(),
});

/** CT perfusion maps: arterial/venous inputs, constants, method (PerfusionProvenance in core/store/records.ts). */
const inputPoint = z.object({ voxel: vec3, lpsMm: vec3, automatic: z.boolean() });
const perfusionProvenance = z.object({
  aif: inputPoint,
  vof: inputPoint.nullable(),
  constants: z.object({ hematocritFactor: z.number(), density: z.number(), oscillationIndex: z.number() }),
  method: z.string(),
  frameTimeSource: z.string(),
  slabs: z.array(z.object({ firstSlice: z.number(), endSlice: z.number(), baselineFrames: z.number(), patlakStartS: z.number().nullable(), partialVolumeScale: z.number() })),
});

const fit = z.object({
  /** Tensor estimator of a DTI fit; 'osvd' for CT perfusion maps. */
  estimator: z.enum(['ols', 'wls', 'iwls', 'osvd']),
  /** Distinct b-values fitted, s/mm². */
  bValues: z.array(z.number()),
  /** Otsu factor of the automatic brain mask; null for an explicit mask. */
  maskThreshold: z.number().nullable(),
  /** ISO 8601 timestamp of the fit. */
  fittedAt: z.string(),
  /** The fit's identifier, as each ROI's statistics record it (absent in sessions saved before it existed). */
  fitId: optionalText,
  /** App version that fitted the maps. */
  appVersion: optionalText,
  /** CT perfusion maps only: how they were computed. */
  perfusion: perfusionProvenance.optional(),
});

const series = z.object({
  seriesInstanceUID: z.string(),
  frameOfReferenceUID: z.string().nullable(),
  description: z.string(),
  seriesDate: optionalText,
  seriesTime: optionalText,
  fit: fit.nullable(),
});

const roiStats = z.object({
  map: z.string(),
  n: z.number(),
  mean: z.number(),
  sd: z.number(),
  median: z.number(),
  q1: z.number(),
  q3: z.number(),
  iqr: z.number(),
  min: z.number(),
  max: z.number(),
  areaMm2: z.number().optional(),
  volumeMl: z.number().optional(),
});

const planarRoi = z.object({
  id: z.string(),
  shape: z.enum(['ellipse', 'circle', 'rectangle', 'freehand', 'brush']),
  role: z.enum(['infarct-core', 'contralateral-mirror', 'perilesional', 'other']),
  name: z.string(),
  plane: z.object({ origin: vec3, normal: vec3 }),
  contour: z.array(vec3),
  ellipse: z.object({ centre: vec3, axisA: vec3, axisB: vec3 }).optional(),
  mirrorOf: optionalText,
});

const sessionRoi = z.object({
  roi: planarRoi,
  /** Series the ROI was measured on (its maps are that series' fit). */
  seriesInstanceUID: z.string(),
  stats: z.array(roiStats),
  /** ISO 8601 timestamp of the last edit. */
  measuredAt: z.string(),
  /** The fit whose maps gave `stats` (its series' fit unless the ROI kept the numbers of an earlier one). */
  fitId: optionalText,
});

const lesion = z.object({
  id: z.string(),
  name: z.string(),
  seriesInstanceUID: z.string(),
  /** ABC/2 diameters A, B, C in mm (A longest axial, B perpendicular, C craniocaudal); null when not measured. */
  abcMm: vec3.nullable(),
  /** Planimetric volume (sum of slice areas × spacing), mL; null when not measured. */
  planimetricMl: z.number().nullable(),
  measuredAt: z.string(),
  /** Modality of the series measured (MR, CT). */
  modality: optionalText,
  /** How C was measured: marked slices × spacing, or Kothari's weighting of a segmentation. */
  cMethod: z.enum(['slices', 'kothari']).optional(),
  /** First and last image ("Im", 1-based) marked and their spacing, mm. */
  slices: z.object({ first: z.number(), last: z.number(), spacingMm: z.number() }).nullable().optional(),
});

/**
 * Saved CT perfusion volumes of one series (core / hypoperfused / mismatch, mL) with the
 * thresholds and reference hemisphere they were counted with; the maps' AIF/VOF, constants and
 * method are its series' fit (`fitId`).
 */
const perfusionVolumes = z.object({
  id: z.string(),
  name: z.string(),
  seriesInstanceUID: z.string(),
  /** Core: CBF below this fraction of the reference hemisphere's mean; hypoperfused: Tmax above this, s. */
  thresholds: z.object({ coreRelativeCbf: z.number(), hypoperfusedTmaxS: z.number() }),
  /** Reference (contralateral) hemisphere: '+' the side the midline's normal points to. */
  referenceSide: z.enum(['+', '-']),
  /** Mean CBF of the reference hemisphere, ml/100 g/min. */
  referenceCbf: z.number(),
  /** The mid-sagittal plane that split the hemispheres, LPS mm. */
  midline: z.object({ origin: vec3, normal: vec3 }),
  coreMl: z.number(),
  hypoperfusedMl: z.number(),
  mismatchMl: z.number(),
  /** Hypoperfused / core; null without a core. */
  mismatchRatio: z.number().nullable(),
  fitId: z.string(),
  /** ISO 8601 timestamp of the save. */
  measuredAt: z.string(),
});

const study = z.object({
  studyInstanceUID: z.string(),
  studyDate: z.string(),
  studyTime: z.string(),
  accessionNumber: z.string(),
  description: z.string(),
  studyId: optionalText,
  institutionName: optionalText,
  institutionAddress: optionalText,
  referringPhysicianName: optionalText,
  performingPhysicianName: optionalText,
  operatorsName: optionalText,
  stationName: optionalText,
  deviceSerialNumber: optionalText,
  trial: trialMeta,
  series: z.array(series),
  rois: z.array(sessionRoi),
  lesions: z.array(lesion),
  /** Absent in sessions saved before perfusion volumes were recorded, and when none were saved. */
  perfusionVolumes: z.array(perfusionVolumes).optional(),
});

export const sessionFileSchema = z.object({
  format: z.literal(SESSION_FORMAT),
  version: z.literal(SESSION_VERSION),
  appVersion: z.string(),
  /** ISO 8601 timestamp of the save. */
  savedAt: z.string(),
  patient: patientIdentity,
  studies: z.array(study),
});

export type SessionFile = z.infer<typeof sessionFileSchema>;
export type SessionPatient = SessionFile['patient'];
export type SessionStudy = SessionFile['studies'][number];
export type SessionSeries = SessionStudy['series'][number];
export type SessionRoi = SessionStudy['rois'][number];
export type SessionLesion = SessionStudy['lesions'][number];
export type SessionPerfusionVolumes = NonNullable<SessionStudy['perfusionVolumes']>[number];

/** Validates parsed JSON as a session file; the error names the offending field. */
export function parseSessionFile(json: unknown): SessionFile {
  const result = sessionFileSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`not a valid session file (version ${SESSION_VERSION}): ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return result.data;
}
