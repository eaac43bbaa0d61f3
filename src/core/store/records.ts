import type { Mat4, Vec3 } from '../math/types.js';
import type { MeasurementKey, Plane, PlanarRoi, RoiRole, RoiStats } from '../measure/types.js';
import type { VolumeThresholds } from '../perfusionReview/perfusionVolumes.js';
import type { HtRead } from '../trial/htRead.js';

/**
 * What the measurement store persists. Geometry stays in patient LPS millimetres (as drawn), so a
 * reopened study shows every ROI and line where it was regardless of viewport. Timestamps are ISO
 * 8601 UTC strings; `reader` is the name the reader signed in with (trial audit: who, what, when).
 */

/** Which measurements a listing returns: one series (full key), or everything of a study. */
export type StoreScope = MeasurementKey | { studyInstanceUID: string };

/**
 * Where the maps a statistic was computed on came from: one fit of one series. `fitId` names the
 * fit (a series fitted again gets a new one), so every stored number can be traced to its maps.
 */
/**
 * How CT perfusion maps were computed, recorded with every statistic measured on them: the
 * arterial input and venous output voxels (i, j, k of the series grid, LPS mm, found
 * automatically or placed by the reader), the physical constants, the method and, per table
 * position, its baseline and its Patlak interval.
 */
export interface PerfusionProvenance {
  aif: { voxel: Vec3; lpsMm: Vec3; automatic: boolean };
  vof: { voxel: Vec3; lpsMm: Vec3; automatic: boolean } | null;
  constants: { hematocritFactor: number; density: number; oscillationIndex: number };
  method: string;
  /** Source of the frame times (DICOM attribute). */
  frameTimeSource: string;
  slabs: { firstSlice: number; endSlice: number; baselineFrames: number; patlakStartS: number | null; partialVolumeScale: number }[];
}

export interface MapProvenance {
  fitId: string;
  /** The tensor estimator of a DTI fit; 'osvd' for CT perfusion (oSVD deconvolution and Patlak). */
  estimator: 'ols' | 'wls' | 'iwls' | 'osvd';
  /** Otsu factor of the automatic brain mask; null for an explicit mask. */
  maskThreshold: number | null;
  /** Distinct b-values fitted, s/mm². */
  bValues: number[];
  /** Version of the app that fitted the maps and computed the statistics. */
  appVersion: string;
  /** ISO 8601 UTC time the fit finished. */
  fittedAt: string;
  /** CT perfusion maps: their inputs, constants and method. */
  perfusion?: PerfusionProvenance;
}

/**
 * An ROI's statistics as computed, per map, in each map's native unit (`units`: map → unit, e.g.
 * md → 'mm^2/s', fa → '1'), on the maps of `fit`, at `measuredAt` (ISO 8601 UTC). Kept as
 * computed: reopening never recomputes them, new maps of the series replace them.
 */
export interface RoiMeasured {
  stats: RoiStats[];
  units: Record<string, string>;
  fit: MapProvenance;
  measuredAt: string;
}

/** A live (not deleted) ROI as stored. */
export interface StoredRoi {
  key: MeasurementKey;
  roi: PlanarRoi;
  /** Its statistics as last computed; null while no maps of its series were loaded since it was drawn. */
  measured: RoiMeasured | null;
  /** Reader who created it, and who last changed it. */
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

export type MeasurementKind = 'length' | 'bidirectional' | 'abc2' | 'probe' | 'perfusionVolumes';

/**
 * Thresholded CT perfusion volumes (perfusionVolumes.ts) as the reader saved them: the
 * thresholds, the hemisphere whose mean CBF is the reference ('+': the side the midline's normal
 * points to) and that mean (ml/100 g/min), the midline (LPS mm), the volumes (mL) and the maps
 * they were counted on (`fit`: fitId, AIF/VOF, constants, method).
 */
export interface PerfusionVolumesPayload {
  kind: 'perfusionVolumes';
  thresholds: VolumeThresholds;
  referenceSide: '+' | '-';
  referenceCbf: number;
  midline: Plane;
  coreMl: number;
  hypoperfusedMl: number;
  /** Hypoperfused minus core (negative when the core is larger). */
  mismatchMl: number;
  /** Hypoperfused / core; null without a core. */
  mismatchRatio: number | null;
  fit: MapProvenance;
}

/** Per-kind payload. Points are LPS mm; lengths mm; volume mL; probe values in each map's own units. */
export type MeasurementPayload =
  | { kind: 'length'; points: [Vec3, Vec3]; lengthMm: number }
  | { kind: 'bidirectional'; long: [Vec3, Vec3]; short: [Vec3, Vec3]; longMm: number; shortMm: number }
  /** ABC/2: A, B the largest perpendicular diameters on one slice, C the craniocaudal extent (all mm). */
  | ({ kind: 'abc2'; aMm: number; bMm: number; cMm: number; volumeMl: number } & Abc2Details)
  /** `fit`: the maps the values were read from (absent in records stored before it was kept). */
  | { kind: 'probe'; point: Vec3; values: Record<string, number>; fit?: MapProvenance }
  | PerfusionVolumesPayload;

/** A slice marked for ABC/2's C: its 1-based image number ("Im") and location along the slice normal, mm. */
export interface Abc2Slice {
  index: number;
  locationMm: number;
}

/**
 * How an ABC/2 was measured (optional: records stored before these fields lack them). `cMethod`
 * 'slices' counts the marked slices × spacing, 'kothari' weights the segmentation's slice areas.
 */
export interface Abc2Details {
  /** DICOM Modality of the series (MR, CT). */
  modality?: string;
  cMethod?: 'slices' | 'kothari';
  /** First and last slice marked and the slice spacing, mm; null when C came from Kothari only. */
  slices?: { first: Abc2Slice; last: Abc2Slice; spacingMm: number } | null;
  /** Planimetric volume of the lesion segmentation it was compared with, mL, and where it came from. */
  planimetricMl?: number | null;
  segmentation?: 'brush' | 'threshold' | null;
}

/** A non-ROI measurement as the UI hands it to the store. */
export interface MeasurementInput {
  id: string;
  key: MeasurementKey;
  name: string;
  /** The ROI role it documents, when it belongs to one (e.g. the ABC/2 of the infarct core). */
  role: RoiRole | null;
  payload: MeasurementPayload;
}

/** A live measurement as stored; `kind` repeats `payload.kind` so listings can filter without parsing. */
export interface MeasurementRecord extends MeasurementInput {
  kind: MeasurementKind;
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

/** The audited content of an ROI: what a reader can change, and its statistics (absent until measured). */
export interface RoiSnapshot {
  key: MeasurementKey;
  roi: PlanarRoi;
  measured?: RoiMeasured;
}

/** The snapshot stored for an ROI: no `measured` key at all when there are no statistics. */
export function roiSnapshot(key: MeasurementKey, roi: PlanarRoi, measured: RoiMeasured | null | undefined): RoiSnapshot {
  return measured ? { key, roi, measured } : { key, roi };
}

/** A stored ROI snapshot as listed, with its stamps. */
export function storedRoiOf(snapshot: RoiSnapshot, stamps: Pick<StoredRoi, 'createdBy' | 'updatedBy' | 'createdAt' | 'updatedAt'>): StoredRoi {
  return { key: snapshot.key, roi: snapshot.roi, measured: snapshot.measured ?? null, ...stamps };
}

/** The audited content of a measurement. */
export type MeasurementSnapshot = MeasurementInput;

/**
 * A labelmap segmentation (the reader's brush lesion, or a threshold one) on a map's voxel grid,
 * as the UI hands it to the store. Labels are one byte per voxel, 0 = background, voxel (i, j, k)
 * at (k * ny + j) * nx + i; `affine` maps voxel index → LPS mm centre (row-major 4×4).
 */
export interface SegmentationInput {
  id: string;
  key: MeasurementKey;
  name: string;
  role: RoiRole | null;
  dims: [number, number, number];
  affine: Mat4;
  labels: Uint8Array;
  /** Statistics of the labelled voxels on every map of the fit painted on, as computed (absent when no maps were loaded, or stored before they were kept). */
  measured?: RoiMeasured;
}

/** A live segmentation as stored; `voxels` counts non-zero labels. */
export interface StoredSegmentation extends SegmentationInput {
  voxels: number;
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * The audited content of a segmentation: its labels deflated and base64-encoded (`labelCodec`),
 * so every revision in the trail can be rebuilt voxel for voxel, and a canonical JSON compare
 * tells a repaint from a re-save.
 */
export interface SegmentationSnapshot extends Omit<SegmentationInput, 'labels'> {
  encoding: 'deflate-base64';
  labels: string;
  voxels: number;
}

/**
 * Whose read it is: one reader's own structured read of a case, or the consensus the adjudicator
 * recorded for a case the readers disagreed on.
 */
export type ReadRole = 'reader' | 'consensus';

/**
 * A structured trial read of one case (a study: subject × timepoint), as the UI hands it to the
 * store. `key` names the study only (series '' and no frame of reference: a read is of the whole
 * case); `reader` is whose read it is (the adjudicator for a consensus), kept apart per reader by
 * the id (readId in src/core/reading). A read saved with unanswered fields is a draft.
 */
export interface ReadInput {
  id: string;
  key: MeasurementKey;
  role: ReadRole;
  reader: string;
  read: HtRead;
}

/** A read as stored, with who created and last changed it and when. */
export interface StoredRead extends ReadInput {
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

/** create: first save; update: content changed; delete: soft delete; restore: saved again after a delete. */
export type AuditAction = 'create' | 'update' | 'delete' | 'restore';

interface AuditBase {
  /** Monotonic order of the edit within the store. */
  seq: number;
  entityId: string;
  action: AuditAction;
  reader: string;
  at: string;
}

/** One audit row: the content before and after the edit (null before a create, null after a delete). */
export type AuditEntry =
  | (AuditBase & { entity: 'roi'; before: RoiSnapshot | null; after: RoiSnapshot | null })
  | (AuditBase & { entity: 'measurement'; before: MeasurementSnapshot | null; after: MeasurementSnapshot | null })
  | (AuditBase & { entity: 'segmentation'; before: SegmentationSnapshot | null; after: SegmentationSnapshot | null })
  | (AuditBase & { entity: 'read'; before: ReadInput | null; after: ReadInput | null });
