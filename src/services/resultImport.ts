import type { DicomIndex } from '../core/dicom/types';
import { importRestored } from '../core/dicomOut/importRecord';
import { readResults } from '../core/dicomOut/readResults';
import { part10SopClassUid } from '../core/dicomweb/part10Meta';
import type { FileSource } from '../core/io/FileSource';
import type { MeasurementStore } from '../core/store/MeasurementStore';

/**
 * Restores our result objects found in an opened study (a folder, or a study retrieved from a
 * DICOMweb server with the SEG and SR we stored there) into the measurement store, so its ROIs,
 * statistics, ABC/2 and lesions come back on a workstation that never held them. The local store
 * stays the truth: a record it has ever held (live, or deleted: its audit history is not empty)
 * is left as the store has it, so reopening never duplicates, revives or overwrites a record.
 */

/** SEG and Comprehensive 3D SR: the objects readResults turns back into records. */
const RESULT_CLASSES = new Set(['1.2.840.10008.5.1.4.1.1.66.4', '1.2.840.10008.5.1.4.1.1.88.34']);

/** Bytes read to find a file's SOP class in its meta header (generous: the header is a few hundred bytes). */
const META_BYTES = 16 * 1024;

export interface ResultImport {
  /** Records written into the store (ROIs, measurements, segmentations). */
  restored: number;
  /** Records of the objects the store already knew, left as they are. */
  alreadyKnown: number;
  /** Objects that could not be read, by file name and reason. */
  warnings: string[];
}

/** The files the index skipped that are SEGs or SRs (results are never images, so never indexed). */
async function resultFiles(index: DicomIndex, sources: ReadonlyMap<string, FileSource>): Promise<{ name: string; bytes: Uint8Array }[]> {
  const out: { name: string; bytes: Uint8Array }[] = [];
  for (const skipped of index.skipped) {
    const source = sources.get(skipped.path);
    if (!source) continue;
    const head = await source.read(0, Math.min(source.size, META_BYTES));
    const sopClass = part10SopClassUid(head);
    if (sopClass && RESULT_CLASSES.has(sopClass)) out.push({ name: skipped.path, bytes: await source.read() });
  }
  return out;
}

/**
 * Our SEG and SR among the opened study's files, written into the store where it has never held
 * the record (by id); saved with h/dicomout's importRestored, so audited under `reader`.
 */
export async function restoreResultsAtOpen(index: DicomIndex, sources: ReadonlyMap<string, FileSource>, store: MeasurementStore, reader: string): Promise<ResultImport> {
  const files = await resultFiles(index, sources);
  if (files.length === 0) return { restored: 0, alreadyKnown: 0, warnings: [] };
  const { byStudy, warnings } = readResults(files);
  let restored = 0;
  let alreadyKnown = 0;
  const isNew = async (id: string) => {
    const fresh = (await store.history(id)).length === 0;
    if (!fresh) alreadyKnown++;
    return fresh;
  };
  const keepNew = async <T>(items: readonly T[], id: (item: T) => string) => {
    const out: T[] = [];
    for (const item of items) if (await isNew(id(item))) out.push(item);
    return out;
  };
  for (const study of index.patients.flatMap((p) => p.studies)) {
    const record = byStudy.get(study.studyInstanceUID);
    if (!record) continue;
    const unknown = {
      rois: await keepNew(record.rois, (r) => r.roi.id),
      measurements: await keepNew(record.measurements, (m) => m.id),
      segmentations: await keepNew(record.segmentations, (s) => s.id),
      warnings: [],
    };
    warnings.push(...record.warnings);
    const done = await importRestored(store, unknown, reader);
    restored += done.rois + done.measurements + done.segmentations;
    warnings.push(...done.warnings);
  }
  return { restored, alreadyKnown, warnings };
}
