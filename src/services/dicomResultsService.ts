import pkg from '../../package.json';
import type { DicomIndex } from '../core/dicom/types';
import type { ResultFile } from '../core/dicomOut/studyObjects';
import { buildExportModel } from '../core/export/exportModel';
import { usePreferencesStore } from '../state/preferencesStore';
import { useDtiStore } from '../state/dtiStore';
import type { useTrialStore } from '../state/trialStore';
import { useStudyStore } from '../state/studyStore';
import { exportOptions, loadCaseRecord, sessionsOf } from './exportService';
import { measurementStore } from './measureContext';
import { restore } from './restoreService';

/**
 * Our results as DICOM objects (SEG, TID 1500 SR, parametric maps), made from the case record as
 * stored now (every pending edit stored first) and the maps of the fit held now. The export
 * dialog saves them to a folder; DICOMweb STOW-RS sends the same bytes. The DICOM writer (dcmjs)
 * is loaded on first use, as the CSV writer is.
 */

type TrialChoices = Pick<ReturnType<typeof useTrialStore.getState>, 'meta' | 'salt' | 'units' | 'dates' | 'include'>;

export interface ResultObjectsRequest {
  /** true: de-identified for the trial (needs the trial key); false: identified, for the hospital's own PACS. */
  deidentify: boolean;
}

export async function buildResultObjects(
  index: DicomIndex,
  choices: TrialChoices,
  request: ResultObjectsRequest,
  now: Date,
): Promise<{ files: ResultFile[]; warnings: string[] }> {
  if (request.deidentify && choices.salt === '') throw new Error('de-identified DICOM objects need the trial key (it keys the hashed UIDs and pseudonyms)');
  const [{ resultObjects }, record] = await Promise.all([import('../core/dicomOut/resultObjects'), loadCaseRecord(index)]);
  const iso = now.toISOString();
  const options = exportOptions(choices, iso);
  const fit = useDtiStore.getState().result;
  const fits = fit ? [{ seriesInstanceUID: fit.seriesUID, fitId: fit.fitId, maps: fit.maps.scalars }] : [];
  return resultObjects(index, record, fits, {
    units: choices.units,
    appVersion: pkg.version,
    createdAt: iso,
    reader: usePreferencesStore.getState().reader,
    deidentify: request.deidentify ? { salt: choices.salt, dates: choices.dates, include: choices.include, model: buildExportModel(sessionsOf(index, choices.meta, record, iso), options) } : null,
  });
}

/**
 * Imports our SEG + SR objects (saved by this app, from a folder or a PACS) into the record of the
 * reader, then shows the open study again from the record: its ROIs, numbers, ABC/2, lines,
 * probes and lesions as they were exported. Files that are not ours are reported by name.
 */
export async function importResultObjects(files: readonly { name: string; bytes: Uint8Array }[]): Promise<{ rois: number; measurements: number; segmentations: number; warnings: string[] }> {
  const [{ readResults }, { importRestored }] = await Promise.all([import('../core/dicomOut/readResults'), import('../core/dicomOut/importRecord')]);
  const store = await measurementStore();
  if (!store) throw new Error('no measurement store on this host: results cannot be imported');
  const read = readResults(files);
  const total = { rois: 0, measurements: 0, segmentations: 0, warnings: [...read.warnings] };
  for (const record of read.byStudy.values()) {
    const done = await importRestored(store, record, usePreferencesStore.getState().reader);
    total.rois += done.rois;
    total.measurements += done.measurements;
    total.segmentations += done.segmentations;
    total.warnings.push(...done.warnings);
  }
  await restore(useStudyStore.getState().index);
  return total;
}
