import { eventTarget, getRenderingEngine } from '@cornerstonejs/core';
import { annotation as csAnnotation, Enums as ToolEnums } from '@cornerstonejs/tools';
import type { Vec3 } from '../core/math/types';
import { useDtiStore } from '../state/dtiStore';
import { useMirrorStore } from '../state/mirrorStore';
import { usePerfusionStore } from '../state/perfusionStore';
import { usePreferencesStore } from '../state/preferencesStore';
import { useRoiStore } from '../state/roiStore';
import { useStudyStore } from '../state/studyStore';
import { useViewportStore } from '../state/viewportStore';
import { RENDERING_ENGINE_ID } from '../viewer/initCornerstone';
import { renderAnnotations } from '../viewer/tools/measureTools';
import { onAdded, onCompleted, onModified, onRemoved } from './annotationEvents';
import { onSegmentationModified, showBrushOverlays } from './brushService';
import { measurementStore, report, state } from './measureContext';
import { onMaps, restore } from './restoreService';
import { startPerfusionOverlays } from './perfusionVolumesService';
import { storeNotice } from './storeNotices';

/**
 * The measurement service: ROI and measurement state from Cornerstone annotation events,
 * statistics on every loaded map (src/core), the mirror plane, ABC/2, the brush lesion, and
 * persistence of every change through Platform.store under the reader's name. This module wires
 * the events and re-exports the reader actions; each concern lives in its own file:
 * annotationEvents (drawings, moves, undo/redo, labels), mirrorPlane (plane estimate in a worker,
 * nudge and drag, mirror ROIs), abc2Service (ABC/2 and its segmentation), brushService (brush
 * lesion, stored and restored), restoreService (study reopen, new maps), measureContext (shared).
 */

export { deleteRoi, editRoi, redo, undo } from './annotationEvents';
export { abc2Of, abc2Records, deleteAbc2, MD_CORE_THRESHOLD, markSlice, renameAbc2, setCMode } from './abc2Service';
export { selectTool } from './brushService';
export { mirrorRoi, nudgePlane } from './mirrorPlane';

let started = false;

export function setReader(name: string): void {
  usePreferencesStore.getState().setReader(name);
}

/** Test hook: LPS → canvas CSS pixels of a viewport, for the e2e test to draw at known anatomy. */
function worldToCanvas(viewportId: string, p: Vec3): [number, number] | null {
  const viewport = getRenderingEngine(RENDERING_ENGINE_ID)?.getViewport(viewportId);
  if (!viewport) return null;
  const [x, y] = viewport.worldToCanvas(p);
  return [x, y];
}

/** Test hook: canvas CSS pixels of a viewport → LPS mm on its current slice, for the e2e test to pick anatomy on screen. */
function canvasToWorld(viewportId: string, p: [number, number]): Vec3 | null {
  const viewport = getRenderingEngine(RENDERING_ENGINE_ID)?.getViewport(viewportId);
  if (!viewport) return null;
  const [x, y, z] = viewport.canvasToWorld(p);
  return [x, y, z];
}

/** Test hook: an annotation's handle points as Cornerstone holds them now (LPS mm), null when absent. */
function annotationPoints(id: string): Vec3[] | null {
  const points = csAnnotation.state.getAnnotation(id)?.data.handles?.points;
  return points ? points.map((p) => [p[0], p[1], p[2]] as Vec3) : null;
}

/** Starts listening (idempotent): Cornerstone annotation events, new fits, opened studies. */
export function startMeasurementService(): void {
  if (started) return;
  started = true;
  // The record's state at open (recovered from a backup, broken audit chain, or unavailable) is shown at once.
  measurementStore()
    .then(storeNotice)
    .then((notice) => notice && report(notice))
    .catch(report);
  eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, onCompleted);
  eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_MODIFIED, onModified);
  eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_REMOVED, onRemoved);
  eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_ADDED, onAdded);
  eventTarget.addEventListener(ToolEnums.Events.SEGMENTATION_DATA_MODIFIED, onSegmentationModified);
  useDtiStore.subscribe((s, prev) => {
    if (s.result !== prev.result) onMaps(s.result);
  });
  // New perfusion maps (computed, or again with a moved AIF/VOF): the series' ROIs are measured on them.
  usePerfusionStore.subscribe((s, prev) => {
    if (s.result !== prev.result) onMaps(s.result);
  });
  useStudyStore.subscribe((s, prev) => {
    if (s.index !== prev.index) restore(s.index).catch(report);
  });
  useViewportStore.subscribe((s, prev) => {
    if (s.slots !== prev.slots || s.readouts !== prev.readouts) showBrushOverlays();
  });
  // The ROI text boxes print the rows' statistics, which settle after the drag's last render.
  useRoiStore.subscribe((s, prev) => {
    if (s.rois !== prev.rois) renderAnnotations();
  });
  startPerfusionOverlays();
  (globalThis as unknown as { __dtiMeasure?: unknown }).__dtiMeasure = { worldToCanvas, canvasToWorld, state, mirror: () => useMirrorStore.getState(), annotationPoints };
}
