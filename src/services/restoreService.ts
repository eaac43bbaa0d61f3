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
import { displayFrameOfReference, isPerfusion, measurementStore, type LoadedMaps, persistRoi, putRows, quietly, rowOfRecord, setState, state, withStats } from './measureContext';
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
