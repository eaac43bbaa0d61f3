import { nearestPlane } from '../core/dicom/geometry/nearestPlane';
import type { DicomIndex } from '../core/dicom/types';
import type { ExportFile } from '../core/export/exportFiles';
import { sanitizeFileName } from '../core/export/sanitizeFileName';
import { agreementRows } from '../core/reading/agreementRows';
import { caseRedactor } from '../core/reading/caseRedactor';
import { readingAgreement, type MeasureResult, type ReaderValue } from '../core/reading/readingAgreement';
import { readingCases } from '../core/reading/readingCases';
import { agreementCsv, consensusCsv, readsCsv } from '../core/reading/readingCsv';
import { caseKey, readId } from '../core/reading/readId';
import { caseCodes } from '../core/reading/seededOrder';
import { abc2ByReader, caseMeasures, worklistCases, type WorklistCase } from '../core/reading/worklist';
import type { ReadRole, StoredRead } from '../core/store/records';
import type { HtRead } from '../core/trial/htRead';
import { parseRandomisationCsv } from '../core/trial/randomisationCsv';
import { usePreferencesStore } from '../state/preferencesStore';
import { useReadingStore } from '../state/readingStore';
import { useStudyStore } from '../state/studyStore';
import { patientTimepoints, type useTrialStore } from '../state/trialStore';
import { useViewportStore } from '../state/viewportStore';
import { exportFiles, exportOptions, loadCaseRecord, sessionsOf } from './exportService';
import { measurementStore } from './measureContext';

/**
 * Trial reading: each reader's structured reads and the adjudicated consensus, stored in the case
 * record under the reader's name (audited like every record change); the blinded worklist in the
 * seed's order; stepping through it; the randomisation arms (kept for the export, never shown);
 * agreement of the reads and the reading export, from the record only.
 */

const reading = () => useReadingStore.getState();

function studyUIDs(index: DicomIndex | null): string[] {
  return index ? index.patients.flatMap((p) => p.studies.map((st) => st.studyInstanceUID)) : [];
}

function report(error: unknown): void {
  reading().setMessage(error instanceof Error ? error.message : String(error));
}

/** Reads every read and measurement of the open studies from the record into the reading store. */
export async function loadReading(): Promise<void> {
  const index = useStudyStore.getState().index;
  const store = await measurementStore();
  if (!index || !store) {
    reading().setLoaded([], null, store !== null);
    return;
  }
  const record = await loadCaseRecord(index);
  if (!store.listReads) {
    reading().setLoaded([], record, false);
    return;
  }
  const reads: StoredRead[] = [];
  for (const uid of studyUIDs(index)) reads.push(...(await store.listReads({ studyInstanceUID: uid })));
  reading().setLoaded(reads, record, true);
}

/** Saves `read` of the current case as the signed-in reader's own read, or as the case's consensus. */
export async function saveCaseRead(studyUID: string, role: ReadRole, read: HtRead): Promise<void> {
  const store = await measurementStore();
  if (!store?.saveRead) throw new Error('this app’s record does not keep trial reads');
  const reader = usePreferencesStore.getState().reader.trim();
  if (reader === '') throw new Error('enter your reader name first: every read is signed with it');
  await store.saveRead({ id: readId(studyUID, role, reader), key: caseKey(studyUID), role, reader, read }, reader);
  await loadReading();
}

/** The worklist of the open studies for the signed-in reader, in the seed's order. */
export function currentWorklist(): WorklistCase[] {
  const { reads, record, seed, abc2ToleranceMl } = reading();
  const reader = usePreferencesStore.getState().reader;
  return worklistCases(studyUIDs(useStudyStore.getState().index), reads, seed, reader, (uid) => caseMeasures(record?.measurements ?? [], uid, abc2ToleranceMl));
}

/** The case code of every open study (what blinded reading shows instead of identity). */
export function currentCaseCodes(): Map<string, string> {
  return caseCodes(studyUIDs(useStudyStore.getState().index), reading().seed);
}

/**
 * A reader's comment on `studyUID` as another reader may see it while blinded: the case's
 * identifiers, dates and timepoint labels redacted (the text as typed when not blinded).
 */
export function commentForDisplay(studyUID: string, text: string): string {
  if (!usePreferencesStore.getState().blinded) return text;
  for (const p of useStudyStore.getState().index?.patients ?? []) {
    const study = p.studies.find((st) => st.studyInstanceUID === studyUID);
    if (!study) continue;
    const labels = patientTimepoints(p).flatMap((t) => (t.label ? [t.label] : []));
    return caseRedactor(p, study, labels)(text);
  }
  return text;
}

/** Makes `studyUID` the case being read and shows its first CT (HT is graded on CT), else its first series. */
export function openCase(studyUID: string): void {
  reading().setCurrentCase(studyUID);
  // The case's measurements may have changed since the list was read (the reader measures while reading).
  void loadReading().catch(report);
  const study = useStudyStore.getState().index?.patients.flatMap((p) => p.studies).find((st) => st.studyInstanceUID === studyUID);
  const series = study?.series.find((se) => se.kind === 'ct') ?? study?.series[0];
  if (!series) return;
  // A mosaic is shown in the plane it was acquired in, as the study browser does.
  const first = series.frames[0];
  useViewportStore.getState().showSeries(series.seriesInstanceUID, 0, first?.mosaicSlices && first.orientation ? nearestPlane(first.orientation) : null);
}

/** Opens the next (+1) or previous (−1) case of the filtered worklist (the first one when none is open). */
export function stepCase(direction: 1 | -1): void {
  const { filter, currentCase } = reading();
  const list = currentWorklist().filter((c) => filter === 'all' || c.state === filter || c.studyInstanceUID === currentCase);
  if (list.length === 0) return;
  const at = list.findIndex((c) => c.studyInstanceUID === currentCase);
  const next = at < 0 ? (direction === 1 ? 0 : list.length - 1) : at + direction;
  if (next < 0 || next >= list.length) return;
  openCase(list[next].studyInstanceUID);
}

/** Loads the randomisation list (subject, arm). Its arms are never shown: only how many subjects it lists. */
export async function importRandomisation(file: File): Promise<void> {
  try {
    const arms = parseRandomisationCsv(await file.text(), file.name);
    reading().setArms(arms, file.name);
    reading().setMessage(`Randomisation list ${file.name}: ${arms.size} subjects (arms hidden until export)`);
  } catch (error) {
    report(error);
  }
}

/** ABC/2 volumes per reader and case, as further continuous measures of agreement. */
function readerValues(): ReaderValue[] {
  const measurements = reading().record?.measurements ?? [];
  return studyUIDs(useStudyStore.getState().index).flatMap((uid) =>
    [...abc2ByReader(measurements, uid)].map(([reader, value]) => ({ caseId: uid, reader, measure: 'abc2_ml', value })),
  );
}

/** Agreement of the stored reads (and ABC/2 volumes), cases named by their codes. */
export function currentAgreement(): MeasureResult[] {
  const codes = currentCaseCodes();
  return readingAgreement(reading().reads, (uid) => codes.get(uid) ?? uid, readerValues());
}

type TrialChoices = Pick<ReturnType<typeof useTrialStore.getState>, 'meta' | 'salt' | 'units' | 'dates' | 'include'>;

/**
 * The reading export, from the record as stored now: per-reader reads, consensus reads and the
 * agreement table (with the arms joined), and none when nothing has been read. Cases are named by
 * subject pseudonym, timepoint and code, the same subjects and timepoints as the measurement CSVs.
 */
export async function readingExportFiles(index: DicomIndex, choices: TrialChoices, now: Date, baseName: string): Promise<{ files: ExportFile[]; warnings: string[] }> {
  await loadReading();
  const { reads, record, seed, arms, abc2ToleranceMl } = reading();
  if (reads.length === 0) return { files: [], warnings: [] };
  const iso = now.toISOString();
  const { cases, warnings } = readingCases(sessionsOf(index, choices.meta, record ?? { rois: [], measurements: [], segmentations: [] }, iso), exportOptions(choices, iso), seed, arms);
  const codes = new Map(cases.map((c) => [c.studyInstanceUID, c.code]));
  const results = readingAgreement(reads, (uid) => codes.get(uid) ?? uid, readerValues());
  const base = sanitizeFileName(baseName);
  const measures = (uid: string) => caseMeasures(record?.measurements ?? [], uid, abc2ToleranceMl);
  return {
    files: [
      { name: `${base}_reads.csv`, text: readsCsv(cases, reads) },
      { name: `${base}_consensus.csv`, text: consensusCsv(cases, reads, measures) },
      { name: `${base}_agreement.csv`, text: agreementCsv(agreementRows(results)) },
      { name: `${base}_reading.json`, text: `${JSON.stringify({ seed, abc2ToleranceMl, randomisationList: reading().armsFile, readers: [...new Set(reads.map((r) => r.reader))].sort(), exportedAt: iso }, null, 2)}\n` },
    ],
    warnings,
  };
}

let started = false;

/** Keeps the reads in step with the open studies and the reader, and the window title with the case (never the patient). */
export function startReadingService(): void {
  if (started) return;
  started = true;
  const reload = () => void loadReading().catch(report);
  useStudyStore.subscribe((s, prev) => {
    if (s.index === prev.index) return;
    reading().setCurrentCase(null);
    reload();
  });
  const title = () => {
    const uid = reading().currentCase;
    const code = uid ? currentCaseCodes().get(uid) : undefined;
    document.title = code ? `DTI Trial Viewer · case ${code}` : 'DTI Trial Viewer';
  };
  useReadingStore.subscribe((s, prev) => {
    if (s.currentCase !== prev.currentCase || s.seed !== prev.seed) title();
  });
  title();
  reload();
}

/** Every export file: the measurement tables and provenance (exportService) and, when anything was read, the reading tables. */
export async function trialExportFiles(index: DicomIndex, choices: TrialChoices, now: Date): Promise<{ files: ExportFile[]; warnings: string[] }> {
  const measured = await exportFiles(index, choices, now);
  const read = await readingExportFiles(index, choices, now, `dti_export_${now.toISOString().slice(0, 10).replace(/-/g, '')}`);
  return { files: [...measured.files, ...read.files], warnings: [...measured.warnings, ...read.warnings] };
}
