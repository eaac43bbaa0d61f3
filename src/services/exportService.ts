import pkg from '../../package.json';
import { planimetricVolume } from '../core/abc2/planimetricVolume';
import type { DicomIndex } from '../core/dicom/types';
import type { ExportFile } from '../core/export/exportFiles';
import { buildExportModel, type ExportOptions } from '../core/export/exportModel';
import { longitudinalRows, type LongitudinalRow } from '../core/export/longitudinalRows';
import { exportRecords, type LesionRow, type MeasurementRow, type RatioRow } from '../core/export/records';
import { recordSessions, type CaseRecord } from '../core/export/recordSessions';
import type { SessionFile } from '../core/export/sessionFile';
import type { TrialStudyMeta } from '../core/trial/types';
import { usePreferencesStore } from '../state/preferencesStore';
import type { useTrialStore } from '../state/trialStore';
import { flushRecordWrites, measurementStore } from './measureContext';

/**
 * The trial export, made from the case record only: every edit waiting to be stored is stored
 * first, then the store is read (ROIs with the statistics they recorded, ABC/2 and lesion
 * records). Nothing on screen (loaded maps, the active series, panel state) changes a number.
 */

type TrialChoices = Pick<ReturnType<typeof useTrialStore.getState>, 'meta' | 'salt' | 'units' | 'dates' | 'include'>;

const NO_RECORD: CaseRecord = { rois: [], measurements: [], segmentations: [] };

/** Reads the record of every study of the index, once pending writes are stored. */
export async function loadCaseRecord(index: DicomIndex): Promise<CaseRecord> {
  await flushRecordWrites();
  const store = await measurementStore();
  if (!store) return NO_RECORD;
  const record: CaseRecord = { rois: [], measurements: [], segmentations: [] };
  for (const p of index.patients)
    for (const st of p.studies) {
      const scope = { studyInstanceUID: st.studyInstanceUID };
      record.rois.push(...(await store.listRois(scope)));
      record.measurements.push(...(await store.listMeasurements(scope)));
      for (const seg of (await store.listSegmentations?.(scope)) ?? []) {
        // Planimetric volume of the stored voxels (every non-zero label is lesion).
        record.segmentations.push({ record: seg, planimetricMl: planimetricVolume(seg.labels, seg.dims, seg.affine) });
      }
    }
  return record;
}

/** Sessions of the open studies from the record, with the trial data typed for them. */
export function sessionsOf(index: DicomIndex, meta: Record<string, TrialStudyMeta>, record: CaseRecord, savedAt: string): SessionFile[] {
  return recordSessions(index, meta, record, { appVersion: pkg.version, savedAt, reader: usePreferencesStore.getState().reader });
}

/** Export options from the reader's choices; `exportedAt` is the caller's clock. */
export function exportOptions(choices: Pick<TrialChoices, 'salt' | 'units' | 'dates' | 'include'>, exportedAt: string): ExportOptions {
  return { salt: choices.salt, dates: choices.dates, include: choices.include, units: choices.units, appVersion: pkg.version, exportedAt };
}

/** Everything the measurement table view shows, in export units: the CSVs hold the same numbers. */
export interface TrialTables {
  measurements: MeasurementRow[];
  ratios: RatioRow[];
  lesions: LesionRow[];
  longitudinal: LongitudinalRow[];
}

/** The measurement table view's tables from a record; empty without the trial key (pseudonyms need it). */
export function trialTables(index: DicomIndex | null, choices: TrialChoices, record: CaseRecord | null): TrialTables {
  if (!index || !record || choices.salt === '') return { measurements: [], ratios: [], lesions: [], longitudinal: [] };
  const now = new Date().toISOString();
  const model = buildExportModel(sessionsOf(index, choices.meta, record, now), exportOptions(choices, now));
  return { ...exportRecords(model), longitudinal: longitudinalRows(model) };
}

/**
 * Every export file of the open studies (long, wide, longitudinal CSV, provenance JSON) with
 * warnings, from the record as stored now. The CSV writer is loaded on first export: it is not
 * needed to review, and a bundling fault in it must not stop the viewer from starting.
 */
export async function exportFiles(index: DicomIndex, choices: TrialChoices, now: Date): Promise<{ files: ExportFile[]; warnings: string[] }> {
  const [{ buildExportFiles }, record] = await Promise.all([import('../core/export/exportFiles'), loadCaseRecord(index)]);
  const iso = now.toISOString();
  const stamp = iso.slice(0, 10).replace(/-/g, '');
  return buildExportFiles(sessionsOf(index, choices.meta, record, iso), exportOptions(choices, iso), `dti_export_${stamp}`);
}
