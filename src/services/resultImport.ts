import type { DicomIndex } from '../core/dicom/types';
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

export async function importResultObjects(index: DicomIndex, sources: ReadonlyMap<string, FileSource>, store: MeasurementStore, reader: string): Promise<ResultImport> {
  const files = await resultFiles(index, sources);
  if (files.length === 0) return { restored: 0, alreadyKnown: 0, warnings: [] };
  const { byStudy, warnings } = readResults(files);
  let restored = 0;
  let alreadyKnown = 0;
  const known = async (id: string) => (await store.history(id)).length > 0;
  for (const study of index.patients.flatMap((p) => p.studies)) {
    const record = byStudy.get(study.studyInstanceUID);
    if (!record) continue;
    for (const r of record.rois) {
      if (await known(r.roi.id)) alreadyKnown++;
      else {
        await store.saveRoi(r.key, r.roi, reader, r.measured);
        restored++;
      }
    }
    for (const m of record.measurements) {
      if (await known(m.id)) alreadyKnown++;
      else {
        await store.saveMeasurement({ id: m.id, key: m.key, name: m.name, role: m.role, payload: m.payload }, reader);
        restored++;
      }
    }
    for (const s of record.segmentations) {
      if (!store.saveSegmentation) {
        warnings.push(`${s.name}: this store keeps no lesion segmentations, not restored`);
        continue;
      }
      if (await known(s.id)) alreadyKnown++;
      else {
        await store.saveSegmentation({ id: s.id, key: s.key, name: s.name, role: s.role, dims: s.dims, affine: s.affine, labels: s.labels }, reader);
        restored++;
      }
    }
  }
  return { restored, alreadyKnown, warnings };
}
