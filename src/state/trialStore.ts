import { create } from 'zustand';
import type { PatientEntry } from '../core/dicom/types';
import type { IdentifierFlag } from '../core/export/basicProfile';
import type { ExportUnitSystem } from '../core/export/exportUnits';
import { deriveSubjectId } from '../core/trial/subjectId';
import { suggestTimepoints, type TimepointSuggestion } from '../core/trial/suggestTimepoints';
import type { TrialStudyMeta } from '../core/trial/types';

/**
 * Trial review state: the reader's trial metadata per study (subject pseudonym, timepoint, site),
 * the export options, and whether the tag inspector / export dialog are open. Measurements are
 * not kept here: the export reads them from the case record (services/exportService).
 */

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
  inspectorOpen: boolean;
  exportOpen: boolean;
  setMeta(studyUID: string, change: Partial<TrialStudyMeta>): void;
  setSalt(salt: string): void;
  setUnits(units: ExportUnitSystem): void;
  setDates(dates: 'remove' | 'shift'): void;
  setIncluded(flag: IdentifierFlag, on: boolean): void;
  setInspectorOpen(open: boolean): void;
  setExportOpen(open: boolean): void;
}

export const useTrialStore = create<TrialState>()((set) => ({
  meta: {},
  salt: '',
  units: 'trial',
  dates: 'remove',
  include: [],
  inspectorOpen: false,
  exportOpen: false,
  setMeta: (studyUID, change) => set((s) => ({ meta: { ...s.meta, [studyUID]: { ...(s.meta[studyUID] ?? EMPTY_META), ...change } } })),
  setSalt: (salt) => set({ salt }),
  setUnits: (units) => set({ units }),
  setDates: (dates) => set({ dates }),
  setIncluded: (flag, on) => set((s) => ({ include: on ? [...new Set([...s.include, flag])] : s.include.filter((f) => f !== flag) })),
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
