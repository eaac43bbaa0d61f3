import { annotation as csAnnotation } from '@cornerstonejs/tools';
import type { DicomIndex } from '../core/dicom/types';
import type { MeasurementInput } from '../core/store/records';
import type { DtiResult } from '../state/dtiStore';
import { EMPTY_ABC2, type RoiRow } from '../state/roiStore';
import { useStudyStore } from '../state/studyStore';
import { showLineAnnotation, showRoiAnnotation } from '../viewer/tools/measureTools';
import { refreshAbc2, resetAbc2Ids } from './abc2Service';
import { forgetRemoved } from './annotationEvents';
import { putBackBrushLesion, restoreBrushLesions } from './brushService';
import { displayFrameOfReference, measurementStore, putRows, quietly, setState, state, withStats } from './measureContext';
import { resetPlane } from './mirrorPlane';

/**
 * Study and fit lifecycle of the measurements: a (re)opened study brings back its stored ROIs,
 * lines, ABC/2 and brush lesion; new maps give every ROI of their series statistics and put the
 * stored lesion back into their labelmap.
 */

/** New maps: every ROI of their series gets statistics on them; the mirror plane is re-estimated on demand. */
export function onMaps(result: DtiResult | null): void {
  resetPlane();
  setState({ brush: null });
  if (!result) return;
  putRows(state().rois.map((r) => (r.key.seriesInstanceUID === result.seriesUID ? withStats(r.roi, r.key) : r)));
  for (const r of state().rois) {
    const frame = displayFrameOfReference(r.key);
    if (r.key.seriesInstanceUID === result.seriesUID && !r.key.frameOfReferenceUID && frame) quietly(() => showRoiAnnotation(r.roi, frame));
  }
  putBackBrushLesion(result);
  refreshAbc2(result.seriesUID);
}

/** A study list was (re)opened: drop the previous annotations, then bring back what the store holds for it. */
export async function restore(index: DicomIndex | null): Promise<void> {
  quietly(() => csAnnotation.state.removeAllAnnotations());
  forgetRemoved();
  resetAbc2Ids();
  setState({ rois: [], measurements: [], ratios: {}, abc2: EMPTY_ABC2, message: null });
  if (!index) return;
  const store = await measurementStore();
  if (!store) return;
  const rows: RoiRow[] = [];
  const measurements: MeasurementInput[] = [];
  const scopes = index.patients.flatMap((p) => p.studies.map((st) => ({ studyInstanceUID: st.studyInstanceUID })));
  for (const scope of scopes) {
    for (const s of await store.listRois(scope)) rows.push(withStats(s.roi, s.key));
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
  const abc2 = measurements.filter((m) => m.payload.kind === 'abc2').at(-1);
  if (abc2?.payload.kind === 'abc2') {
    resetAbc2Ids({ seriesUID: abc2.key.seriesInstanceUID, id: abc2.id });
    const bi = measurements.filter((m) => m.payload.kind === 'bidirectional' && m.key.seriesInstanceUID === abc2.key.seriesInstanceUID).at(-1);
    setState({
      abc2: { ...EMPTY_ABC2, key: abc2.key, bidirectionalId: bi?.id ?? null, aMm: abc2.payload.aMm, bMm: abc2.payload.bMm, cMm: abc2.payload.cMm, volumeMl: abc2.payload.volumeMl },
    });
  }
  await restoreBrushLesions(scopes);
}
