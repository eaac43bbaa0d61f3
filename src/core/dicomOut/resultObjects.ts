import type { DicomIndex } from '../dicom/types';
import type { IdentifierFlag } from '../export/basicProfile';
import { hashUid, subjectDateShiftDays } from '../export/deidentify';
import type { ExportModel } from '../export/exportModel';
import type { ExportUnitSystem } from '../export/exportUnits';
import type { CaseRecord } from '../export/recordSessions';
import { AS_STORED, trialPolicy } from './recordPolicy';
import { studyObjects, type FitMaps, type ResultFile } from './studyObjects';

/**
 * Every result object of the open studies, from the case record (and the maps of the fits held
 * now): per study its SEGs, parametric maps and TID 1500 SR, as named Part 10 files. Identified
 * (for the hospital's PACS, referencing the source images as they are) or de-identified for the
 * trial (subject pseudonyms and timepoints of the CSV export, UIDs hashed with the trial salt).
 */

export interface ResultObjectsOptions {
  units: ExportUnitSystem;
  appVersion: string;
  /** ISO 8601 UTC time of the export. */
  createdAt: string;
  /** The reader signing the report (observer). */
  reader: string;
  /** null: identified. Otherwise the trial salt, date policy and opt-ins, and the export model the CSV is written from. */
  deidentify: { salt: string; dates: 'remove' | 'shift'; include: readonly IdentifierFlag[]; model: ExportModel } | null;
}

/** Subject pseudonym and timepoint of each study (by its original UID), as the export model names them. */
export function subjectsOfStudies(model: ExportModel, index: DicomIndex, salt: string): Map<string, { subject: string; timepoint: string }> {
  const byHashed = new Map<string, { subject: string; timepoint: string }>();
  for (const s of model.subjects) for (const st of s.studies) byHashed.set(st.attributes.StudyInstanceUID ?? '', { subject: s.subject, timepoint: st.timepoint });
  const out = new Map<string, { subject: string; timepoint: string }>();
  for (const p of index.patients)
    for (const st of p.studies) {
      const found = byHashed.get(hashUid(salt, st.studyInstanceUID)) ?? byHashed.get(st.studyInstanceUID);
      if (found) out.set(st.studyInstanceUID, found);
    }
  return out;
}

export function resultObjects(index: DicomIndex, record: CaseRecord, fits: readonly FitMaps[], options: ResultObjectsOptions): { files: ResultFile[]; warnings: string[] } {
  const files: ResultFile[] = [];
  const warnings: string[] = [];
  const d = options.deidentify;
  const subjects = d ? subjectsOfStudies(d.model, index, d.salt) : null;
  for (const patient of index.patients)
    for (const study of patient.studies) {
      const inStudy = <T extends { key: { studyInstanceUID: string } }>(x: T) => x.key.studyInstanceUID === study.studyInstanceUID;
      const studyRecord = {
        rois: record.rois.filter(inStudy),
        measurements: record.measurements.filter(inStudy),
        segmentations: record.segmentations.filter((s) => inStudy(s.record)),
      };
      const studyFits = fits.filter((f) => study.series.some((s) => s.seriesInstanceUID === f.seriesInstanceUID));
      if (studyRecord.rois.length + studyRecord.measurements.length + studyRecord.segmentations.length + studyFits.length === 0) continue;
      const naming = subjects?.get(study.studyInstanceUID);
      if (d && !naming) {
        warnings.push(`study of ${study.studyDate || 'unknown date'}: not in the export model, so not written de-identified`);
        continue;
      }
      const ctx = d && naming ? { salt: d.salt, dates: d.dates, include: d.include, dateShiftDays: subjectDateShiftDays(d.salt, naming.subject) } : null;
      const result = studyObjects(patient, study, studyRecord, studyFits, {
        units: options.units,
        appVersion: options.appVersion,
        createdAt: options.createdAt,
        reader: options.reader,
        policy: ctx ? trialPolicy(patient, study, ctx) : AS_STORED,
        deidentify: ctx && naming ? { ...ctx, subject: naming.subject } : null,
        prefix: naming ? `${naming.subject}_${naming.timepoint}` : `${patient.patientId}_${study.studyDate || study.studyInstanceUID.slice(-8)}`,
      });
      files.push(...result.files);
      warnings.push(...result.warnings);
    }
  return { files: uniqueNames(files), warnings };
}

/** Two studies named alike (same subject and timepoint label, same patient and day) get numbered files, never one over the other. */
function uniqueNames(files: ResultFile[]): ResultFile[] {
  const seen = new Map<string, number>();
  return files.map((f) => {
    const key = f.name.toLowerCase();
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? f : { ...f, name: f.name.replace(/\.dcm$/, `_${n}.dcm`) };
  });
}
