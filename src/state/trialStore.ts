import { create } from 'zustand';
import pkg from '../../package.json';
import type { DicomIndex, PatientEntry } from '../core/dicom/types';
import type { IdentifierFlag } from '../core/export/basicProfile';
import type { ExportFile } from '../core/export/exportFiles';
import { buildExportModel, type ExportOptions } from '../core/export/exportModel';
import type { ExportUnitSystem } from '../core/export/exportUnits';
import { longitudinalRows, type LongitudinalRow } from '../core/export/longitudinalRows';
import { exportRecords, type LesionRow, type MeasurementRow, type RatioRow } from '../core/export/records';
import { SESSION_FORMAT, SESSION_VERSION, type SessionFile, type SessionLesion, type SessionRoi } from '../core/export/sessionFile';
import type { MeasurementStore } from '../core/store/MeasurementStore';
import { deriveSubjectId } from '../core/trial/subjectId';
import { suggestTimepoints, type TimepointSuggestion } from '../core/trial/suggestTimepoints';
import type { TrialStudyMeta } from '../core/trial/types';

/**
 * Trial review state: the reader's trial metadata per study (subject pseudonym, timepoint, site,
 * reader), the measurements that exist for the open studies, the export options, and whether
 * the tag inspector / export dialog are open. Export content is always built by the core export
 * functions from sessions assembled here, so the table, the CSVs and the CLI agree.
 */

/** Tensor fit provenance of a series, stamped when the fit result appeared. */
export interface FitRecord {
  estimator: 'ols' | 'wls' | 'iwls';
  maskThreshold: number | null;
  fittedAt: string;
}

const EMPTY_META: TrialStudyMeta = { subjectId: '', timepoint: '', site: '', reader: '' };

interface TrialState {
  /** Trial metadata per StudyInstanceUID; absent = all fields empty (derived ID, suggested timepoint). */
  meta: Record<string, TrialStudyMeta>;
  /** Trial secret keying derived subject IDs, hashed UIDs and date shifts; never exported. Required to export. */
  salt: string;
  units: ExportUnitSystem;
  dates: 'remove' | 'shift';
  /** Identifiers explicitly opted into the export; empty = de-identified. */
  include: IdentifierFlag[];
  /** ROI statistics per StudyInstanceUID, handed in by the ROI tools (native units). */
  rois: Record<string, SessionRoi[]>;
  /** ABC/2 lesion measurements per StudyInstanceUID, read from the measurement store. */
  lesions: Record<string, SessionLesion[]>;
  /** Fits per SeriesInstanceUID, for the provenance JSON. */
  fits: Record<string, FitRecord>;
  inspectorOpen: boolean;
  exportOpen: boolean;
  setMeta(studyUID: string, change: Partial<TrialStudyMeta>): void;
  setSalt(salt: string): void;
  setUnits(units: ExportUnitSystem): void;
  setDates(dates: 'remove' | 'shift'): void;
  setIncluded(flag: IdentifierFlag, on: boolean): void;
  /** Replaces the ROI measurements of a study (called by the ROI tools after each edit). */
  setRoiMeasurements(studyUID: string, rois: SessionRoi[]): void;
  /** Replaces the lesion (ABC/2, planimetric) measurements of a study (called by the trial feed). */
  setLesions(studyUID: string, lesions: SessionLesion[]): void;
  /** Records the provenance of a series' fit (called by the trial feed when a fit result appears). */
  setFit(seriesUID: string, fit: FitRecord): void;
  /** Reads the lesion (ABC/2) measurements of the index's studies from the store. */
  loadFromStore(store: MeasurementStore, index: DicomIndex): Promise<void>;
  setInspectorOpen(open: boolean): void;
  setExportOpen(open: boolean): void;
}

export const useTrialStore = create<TrialState>()((set) => ({
  meta: {},
  salt: '',
  units: 'trial',
  dates: 'remove',
  include: [],
  rois: {},
  lesions: {},
  fits: {},
  inspectorOpen: false,
  exportOpen: false,
  setMeta: (studyUID, change) => set((s) => ({ meta: { ...s.meta, [studyUID]: { ...(s.meta[studyUID] ?? EMPTY_META), ...change } } })),
  setSalt: (salt) => set({ salt }),
  setUnits: (units) => set({ units }),
  setDates: (dates) => set({ dates }),
  setIncluded: (flag, on) => set((s) => ({ include: on ? [...new Set([...s.include, flag])] : s.include.filter((f) => f !== flag) })),
  setRoiMeasurements: (studyUID, rois) => set((s) => ({ rois: { ...s.rois, [studyUID]: rois } })),
  setLesions: (studyUID, lesions) => set((s) => ({ lesions: { ...s.lesions, [studyUID]: lesions } })),
  setFit: (seriesUID, fit) => set((s) => ({ fits: { ...s.fits, [seriesUID]: fit } })),
  async loadFromStore(store, index) {
    const lesions: Record<string, SessionLesion[]> = {};
    for (const p of index.patients) {
      for (const st of p.studies) {
        const records = await store.listMeasurements({ studyInstanceUID: st.studyInstanceUID });
        lesions[st.studyInstanceUID] = records.flatMap((r) =>
          r.payload.kind === 'abc2'
            ? [{ id: r.id, name: r.name, seriesInstanceUID: r.key.seriesInstanceUID, abcMm: [r.payload.aMm, r.payload.bMm, r.payload.cMm] as [number, number, number], planimetricMl: null, measuredAt: r.updatedAt }]
            : [],
        );
      }
    }
    set({ lesions });
  },
  setInspectorOpen: (inspectorOpen) => set({ inspectorOpen }),
  setExportOpen: (exportOpen) => set({ exportOpen }),
}));

/** Trial metadata of a study as typed (empty fields when never edited). */
export function studyMeta(meta: Record<string, TrialStudyMeta>, studyUID: string): TrialStudyMeta {
  return meta[studyUID] ?? EMPTY_META;
}

/** The pseudonym a study gets when no subject ID is typed; null until the trial key is set. */
export function derivedSubjectId(salt: string, patient: PatientEntry): string | null {
  return salt === '' ? null : deriveSubjectId(salt, patient.patientId);
}

/** Suggested timepoints ('24 h', 'day 14') of one patient's studies, by days since the first. */
export function patientTimepoints(patient: PatientEntry): TimepointSuggestion[] {
  return suggestTimepoints(patient.studies);
}

type SessionInputs = Pick<TrialState, 'meta' | 'rois' | 'lesions' | 'fits'>;

/** One session per patient of the index: its studies with their trial metadata, series, fits and measurements. */
export function buildSessions(index: DicomIndex, state: SessionInputs, savedAt: string): SessionFile[] {
  return index.patients.map((p) => ({
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    appVersion: pkg.version,
    savedAt,
    patient: { patientId: p.patientId, patientName: p.patientName, birthDate: p.birthDate, sex: p.sex },
    studies: p.studies.map((st) => ({
      studyInstanceUID: st.studyInstanceUID,
      studyDate: st.studyDate,
      studyTime: st.studyTime,
      accessionNumber: st.accessionNumber,
      description: st.description,
      trial: studyMeta(state.meta, st.studyInstanceUID),
      series: st.series.map((se) => {
        const fit = state.fits[se.seriesInstanceUID];
        return {
          seriesInstanceUID: se.seriesInstanceUID,
          frameOfReferenceUID: se.frameOfReferenceUID,
          description: se.description,
          // The series' distinct b-values: the fit uses them all (derived trace volumes aside).
          fit: fit ? { ...fit, bValues: se.bValues } : null,
        };
      }),
      rois: state.rois[st.studyInstanceUID] ?? [],
      lesions: state.lesions[st.studyInstanceUID] ?? [],
    })),
  }));
}

/** Export options from the store's choices; `exportedAt` is the caller's clock. */
export function exportOptions(state: Pick<TrialState, 'salt' | 'units' | 'dates' | 'include'>, exportedAt: string): ExportOptions {
  return { salt: state.salt, dates: state.dates, include: state.include, units: state.units, appVersion: pkg.version, exportedAt };
}

/** The measurement table's rows (subject × timepoint × ROI × map) in export units; empty without the trial key. */
export function measurementRows(index: DicomIndex | null, state: TrialState): MeasurementRow[] {
  if (!index || state.salt === '') return [];
  const now = new Date().toISOString();
  return exportRecords(buildExportModel(buildSessions(index, state, now), exportOptions(state, now))).measurements;
}

/** Everything the measurement table view shows, in export units: the CSVs hold the same numbers. */
export interface TrialTables {
  measurements: MeasurementRow[];
  ratios: RatioRow[];
  lesions: LesionRow[];
  longitudinal: LongitudinalRow[];
}

/** The measurement table view's tables; empty without the trial key (pseudonyms need it). */
export function trialTables(index: DicomIndex | null, state: TrialState): TrialTables {
  if (!index || state.salt === '') return { measurements: [], ratios: [], lesions: [], longitudinal: [] };
  const now = new Date().toISOString();
  const model = buildExportModel(buildSessions(index, state, now), exportOptions(state, now));
  return { ...exportRecords(model), longitudinal: longitudinalRows(model) };
}

/**
 * Every export file of the open studies (long, wide, longitudinal CSV, provenance JSON) with
 * warnings. The CSV writer is loaded on first export: it is not needed to review, and a bundling
 * fault in it must not stop the viewer from starting.
 */
export async function exportFiles(index: DicomIndex, state: TrialState, now: Date): Promise<{ files: ExportFile[]; warnings: string[] }> {
  const { buildExportFiles } = await import('../core/export/exportFiles');
  const iso = now.toISOString();
  const stamp = iso.slice(0, 10).replace(/-/g, '');
  return buildExportFiles(buildSessions(index, state, iso), exportOptions(state, iso), `dti_export_${stamp}`);
}
