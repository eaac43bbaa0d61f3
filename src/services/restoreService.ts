import { annotation as csAnnotation } from '@cornerstonejs/tools';
import type { DicomIndex } from '../core/dicom/types';
import type { MeasurementRecord } from '../core/store/records';
import type { RoiRow } from '../state/roiStore';
import { EMPTY_ABC2, useAbc2Store } from '../state/abc2Store';
import { useBrushStore } from '../state/brushStore';
import { useStudyStore } from '../state/studyStore';
import { showLineAnnotation, showRoiAnnotation } from '../viewer/tools/measureTools';
import { refreshAbc2 } from './abc2Service';
import { forgetRemoved } from './annotationEvents';
import { putBackBrushLesion, restoreBrushLesions } from './brushService';
import { displayFrameOfReference, isPerfusion, measurementStore, type LoadedMaps, persistRoi, putRows, quietly, reader, rowOfRecord, setState, state, withStats } from './measureContext';
import { restoreResultsAtOpen } from './resultImport';
import { resetPlane } from './mirrorPlane';

/**
 * Study and fit lifecycle of the measurements: a (re)opened study brings back its stored ROIs,
 * lines, ABC/2 and brush lesion; new maps give every ROI of their series statistics and put the
 * stored lesion back into their labelmap.
 */

/**
 * New maps: every ROI of their series gets statistics on them, recorded with the new fit (the
 * audit keeps the previous numbers); ROIs of other series keep their recorded statistics. The
 * mirror plane is re-estimated on demand.
 */
export function onMaps(result: LoadedMaps | null): void {
  resetPlane();
  if (!result || !isPerfusion(result)) useBrushStore.getState().set({ brush: null });
  if (!result) return;
  const rows = state().rois.map((r) => (r.key.seriesInstanceUID === result.seriesUID ? withStats(r.roi, r.key) : r));
  putRows(rows);
  for (const r of rows) if (r.key.seriesInstanceUID === result.seriesUID) persistRoi(r);
  for (const r of state().rois) {
    const frame = displayFrameOfReference(r.key);
    if (r.key.seriesInstanceUID === result.seriesUID && !r.key.frameOfReferenceUID && frame) quietly(() => showRoiAnnotation(r.roi, frame));
  }
  if (isPerfusion(result)) return;
  putBackBrushLesion(result);
  refreshAbc2(result.seriesUID);
}

/** A study list was (re)opened: drop the previous annotations, then bring back what the store holds for it. */
export async function restore(index: DicomIndex | null): Promise<void> {
  quietly(() => csAnnotation.state.removeAllAnnotations());
  forgetRemoved();
  setState({ rois: [], measurements: [], ratios: {}, message: null });
  useAbc2Store.getState().set(EMPTY_ABC2);
  if (!index) return;
  const store = await measurementStore();
  if (!store) return;
  // Our SEG and SR in the opened study (e.g. stored to a PACS from another workstation) come into the store first.
  // A failure here (an unreadable file, a store refusing a write) must not keep the study's own records from showing.
  const imported = await restoreResultsAtOpen(index, useStudyStore.getState().sources, store, reader()).catch((error: unknown) => ({
    restored: 0,
    alreadyKnown: 0,
    warnings: [`the study's segmentation and measurement report (${error instanceof Error ? error.message : String(error)})`],
  }));
  if (useStudyStore.getState().index !== index) return;
  const importNote = imported.restored > 0 ? `Restored ${imported.restored} record${imported.restored === 1 ? '' : 's'} from the study's segmentation and measurement report.` : '';
  const importProblems = imported.warnings.length > 0 ? ` Not restored: ${imported.warnings.join('; ')}` : '';
  if (importNote || importProblems) setState({ message: `${importNote}${importProblems}`.trim() });
  const rows: RoiRow[] = [];
  const measurements: MeasurementRecord[] = [];
  const scopes = index.patients.flatMap((p) => p.studies.map((st) => ({ studyInstanceUID: st.studyInstanceUID })));
  for (const scope of scopes) {
    for (const s of await store.listRois(scope)) rows.push(rowOfRecord(s));
    measurements.push(...(await store.listMeasurements(scope)));
  }
  if (useStudyStore.getState().index !== index) return;
  quietly(() => {
    for (const r of rows) {
      const frame = displayFrameOfReference(r.key);
      if (frame) showRoiAnnotation(r.roi, frame);
    }
    for (const m of measurements) {
      const frame = displayFrameOfReference(m.key);
      if (!frame) continue;
      if (m.payload.kind === 'length') showLineAnnotation(m.id, 'Length', m.payload.points, frame);
      if (m.payload.kind === 'bidirectional') showLineAnnotation(m.id, 'Bidirectional', [...m.payload.long, ...m.payload.short], frame);
    }
  });
  putRows(rows);
  setState({ measurements });
  await restoreBrushLesions(scopes);
}
