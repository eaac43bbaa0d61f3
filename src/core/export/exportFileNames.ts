import type { RoiRole } from '../measure/types';
import { deidentifyAttributes, type DeidentifyOptions } from './deidentify';
import type { ExportModel } from './exportModel';
import { sanitizeFileName } from './sanitizeFileName';

/**
 * File names of the NIfTI exports of one fit: `<subject>_<timepoint>_<map>.nii.gz` and
 * `<subject>_<timepoint>_<role>-<n>_mask.nii.gz`. The subject is the export's pseudonym and
 * the timepoint its label, both taken from the de-identified export model (so a NIfTI file
 * and the CSV rows name the same subject and timepoint); never the patient's name and never
 * an ROI's free-text name. '_' only separates the fields: inside a field every run of
 * characters outside [A-Za-z0-9-] becomes '-' ("day 14" → "day-14").
 */

/** The subject pseudonym and timepoint label a fit's files are named by, as in the export. */
export interface FitNaming {
  subject: string;
  timepoint: string;
}

/** Longest a field may get, so that a full name stays far below every file system's 255. */
const MAX_FIELD = 48;

/** One '_'-free field of a file name (accents dropped); `fallback` when no letter or digit is left. */
function field(text: string, fallback: string): string {
  const safe = sanitizeFileName(text)
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .slice(0, MAX_FIELD)
    .replace(/^-+|-+$/g, '');
  // sanitizeFileName never returns '' (it says 'export'): judge by the text itself.
  return /[A-Za-z0-9]/.test(safe) && /[A-Za-z0-9]/.test(text.normalize('NFKD')) ? safe : fallback;
}

/**
 * Subject and timepoint of the study holding series `seriesInstanceUID` in an export `model`
 * built with `options`; null when that series is not in the model. The series is found by its
 * de-identified key, computed by the same rule the model used.
 */
export function fitNaming(model: ExportModel, options: DeidentifyOptions, seriesInstanceUID: string): FitNaming | null {
  const key = deidentifyAttributes('series', { seriesInstanceUID }, { ...options, dateShiftDays: 0 }).SeriesInstanceUID;
  if (key === undefined) return null;
  for (const subject of model.subjects) {
    for (const study of subject.studies) {
      if (study.series.some((s) => s.attributes.SeriesInstanceUID === key)) return { subject: subject.subject, timepoint: study.timepoint };
    }
  }
  return null;
}

function prefix(naming: FitNaming): string {
  return `${field(naming.subject, 'subject')}_${field(naming.timepoint, 'timepoint')}`;
}

/** `<subject>_<timepoint>_<map>.nii.gz` for map label `map` (FA, MD, colorFA...). */
export function mapFileName(naming: FitNaming, map: string): string {
  return `${prefix(naming)}_${field(map, 'map')}.nii.gz`;
}

/**
 * Mask file names of ROIs in order: `<subject>_<timepoint>_<role>-<n>_mask.nii.gz`, n counting
 * from 1 within each role in the order given (the first infarct core is infarct-core-1).
 */
export function roiMaskFileNames(naming: FitNaming, rois: readonly { role: RoiRole }[]): string[] {
  const seen = new Map<RoiRole, number>();
  return rois.map(({ role }) => {
    const n = (seen.get(role) ?? 0) + 1;
    seen.set(role, n);
    return `${prefix(naming)}_${field(role, 'roi')}-${n}_mask.nii.gz`;
  });
}
