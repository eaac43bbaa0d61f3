import { planSeries } from '../dicom/geometry/planSeries';
import type { PatientEntry, SeriesEntry, StudyEntry } from '../dicom/types';
import type { Mat4 } from '../math/types';

/** One source image a result frame derives from: an instance, and its frame when it is multi-frame. */
export interface SourceImage {
  sopClassUID: string;
  sopInstanceUID: string;
  /** 1-based frame of an enhanced multi-frame instance; null for a single-frame (or mosaic) image. */
  frameNumber: number | null;
}

/**
 * A source series as the result objects reference it: its grid (the grid its maps and ROI
 * statistics are on: voxel (i, j, k) → LPS mm centre, row-major 4×4) and, per slice k, the
 * image of its first volume at that slice (for a mosaic, the mosaic image holding every slice).
 */
export interface SourceSeries {
  seriesInstanceUID: string;
  frameOfReferenceUID: string;
  modality: string;
  description: string;
  dims: [number, number, number];
  affine: Mat4;
  slices: SourceImage[];
}

/** The patient and study of a source series, as the result objects' patient and study modules copy them. */
export interface SourceStudy {
  patient: Pick<PatientEntry, 'patientId' | 'patientName' | 'birthDate' | 'sex'>;
  study: Pick<StudyEntry, 'studyInstanceUID' | 'studyDate' | 'studyTime' | 'accessionNumber' | 'description'>;
}

/**
 * A series of the index as a source of result objects, from its plan (headers only). Throws,
 * naming the series, when it has no frame of reference (a segmentation needs one) or cannot be
 * planned as one regular grid.
 */
export function sourceSeries(series: SeriesEntry): SourceSeries {
  if (!series.frameOfReferenceUID) {
    throw new Error(`series ${series.seriesNumber ?? ''} "${series.description}" has no FrameOfReferenceUID: results on it cannot be written as DICOM`);
  }
  const plan = planSeries(series);
  const perInstance = new Map<string, number>();
  for (const f of series.frames) perInstance.set(f.sopInstanceUID, (perInstance.get(f.sopInstanceUID) ?? 0) + 1);
  const first = plan.volumes[0].slices;
  const image = (k: number): SourceImage => {
    const f = first.length === 1 ? first[0] : first[k];
    return { sopClassUID: series.sopClassUID, sopInstanceUID: f.sopInstanceUID, frameNumber: (perInstance.get(f.sopInstanceUID) ?? 1) > 1 ? f.frameIndex + 1 : null };
  };
  const nz = plan.dims[2];
  return {
    seriesInstanceUID: series.seriesInstanceUID,
    frameOfReferenceUID: series.frameOfReferenceUID,
    modality: series.modality,
    description: series.description,
    dims: [plan.dims[0], plan.dims[1], nz],
    affine: plan.affine,
    slices: Array.from({ length: nz }, (_, k) => image(k)),
  };
}
