import { annotation as csAnnotation, Enums as ToolEnums } from '@cornerstonejs/tools';
import type { Vec3 } from '../core/math/types';
import type { MeasurementKey, RoiRole } from '../core/measure/types';
import type { MeasurementPayload } from '../core/store/records';
import { lpsToVoxelMap } from '../core/roi/voxelAffine';
import type { RoiRow } from '../state/roiStore';
import { annotationToRoi, bidirectionalOf, lengthOf, shapeOfTool, type AnnotationLike } from '../viewer/tools/annotationRoi';
import { PLANE_LINE_LABEL, redoAnnotation, removeAnnotation, undoAnnotation } from '../viewer/tools/measureTools';
import { bidirectionalChanged } from './abc2Service';
import {
  isSuspended,
  keyForNewAnnotation,
  persistMeasurement,
  persistRoi,
  persistRoiLater,
  putRows,
  provenanceOf,
  reader,
  resultFor,
  setState,
  state,
  storeWrite,
  THROTTLE_MS,
  upsertRow,
  volumesFor,
  withStats,
} from './measureContext';
import { planeLineMoved } from './mirrorPlane';
import { usePreferencesStore } from '../state/preferencesStore';
import { useReadingStore } from '../state/readingStore';
import { seriesContext } from './seriesContext';

/**
 * Cornerstone annotation events → ROI rows and measurements: a finished drawing becomes an ROI
 * (statistics on every map) or a Length / Bidirectional / Probe measurement; moves update the
 * table live and the store once settled; removals and undo/redo keep rows and store in step.
 * The mid-sagittal plane trace is an annotation too: moving it moves the mirror plane.
 */

type AnnotationEvent = CustomEvent<{ annotation: AnnotationLike & { annotationUID: string; isLocked?: boolean }; changeType?: string }>;

/** Annotations removed by the reader, kept so undo (re-add) restores them with the same label. */
const removed = new Map<string, RoiRow>();
const throttles = new Map<string, ReturnType<typeof setTimeout>>();

/** A study (re)opened: forget removed annotations of the previous one. */
export function forgetRemoved(): void {
  removed.clear();
}

function isPlaneLine(annotation: AnnotationLike): boolean {
  return annotation.data.label === PLANE_LINE_LABEL;
}

/** A new ROI's name and role: the series' first is its infarct core; names carry the timepoint, so every timepoint's differ. */
function defaultLabel(key: MeasurementKey): { name: string; role: RoiRole } {
  const same = state().rois.filter((r) => r.key.seriesInstanceUID === key.seriesInstanceUID);
  // Blinded reading with the timepoint hidden: names must not tell the visit either.
  const hidden = usePreferencesStore.getState().blinded && useReadingStore.getState().hideTimepoint;
  const timepoint = hidden ? null : seriesContext(key.seriesInstanceUID)?.timepoint;
  const at = timepoint ? ` ${timepoint}` : '';
  if (!same.some((r) => r.roi.role === 'infarct-core')) return { name: `Infarct core${at}`, role: 'infarct-core' };
  return { name: `ROI ${same.length + 1}${at}`, role: 'other' };
}

/** A finished drawing: an ROI row, or a Length / Bidirectional / Probe measurement. */
export function onCompleted(evt: Event): void {
  if (isSuspended()) return;
  const { annotation } = (evt as AnnotationEvent).detail;
  if (isPlaneLine(annotation)) return;
  const key = keyForNewAnnotation();
  if (!key) return;
  const id = annotation.annotationUID;
  if (shapeOfTool(annotation.metadata.toolName)) {
    const roi = annotationToRoi(annotation, { id, ...defaultLabel(key) });
    if (!roi) return;
    const row = withStats(roi, key);
    upsertRow(row);
    persistRoi(row);
    return;
  }
  lineChanged(annotation, key);
}

/** Length, Bidirectional (also feeds ABC/2 A and B) and Probe: stored as measurements. */
function lineChanged(annotation: AnnotationLike & { annotationUID: string }, key: MeasurementKey): void {
  const id = annotation.annotationUID;
  const existing = state().measurements.find((m) => m.id === id);
  let payload: MeasurementPayload | null = null;
  const bi = bidirectionalOf(annotation);
  const len = lengthOf(annotation);
  if (bi) payload = { kind: 'bidirectional', ...bi };
  else if (len) payload = { kind: 'length', ...len };
  else if (annotation.metadata.toolName === 'Probe') {
    const p = annotation.data.handles?.points?.[0];
    const result = resultFor(key);
    if (p) payload = { kind: 'probe', point: [p[0], p[1], p[2]], values: probeValues(key, [p[0], p[1], p[2]]), ...(result ? { fit: provenanceOf(result) } : {}) };
  }
  if (!payload) return;
  const name = existing?.name ?? (payload.kind === 'bidirectional' ? 'Bidirectional' : payload.kind === 'length' ? 'Length' : 'Probe');
  persistMeasurement({ id, key: existing?.key ?? key, name, role: existing?.role ?? (payload.kind === 'bidirectional' ? 'infarct-core' : null), payload });
  if (bi) bidirectionalChanged(key, id, bi.longMm, bi.shortMm);
}

/** Values of every loaded map at the voxel nearest an LPS point, engine units. */
function probeValues(key: MeasurementKey, p: Vec3): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [map, vol] of Object.entries(volumesFor(key))) {
    const [i, j, k] = lpsToVoxelMap(vol.affine)(p).map(Math.round);
    const [nx, ny, nz] = vol.dims;
    if (i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz) out[map] = vol.data[(k * ny + j) * nx + i];
  }
  return out;
}

/** Handles move: the table (or the mirror plane) follows at most every THROTTLE_MS, the store once the drag has settled. */
export function onModified(evt: Event): void {
  if (isSuspended()) return;
  const { annotation, changeType } = (evt as AnnotationEvent).detail;
  if (changeType === ToolEnums.ChangeTypes.StatsUpdated) return;
  const id = annotation.annotationUID;
  if (throttles.has(id)) return;
  throttles.set(
    id,
    setTimeout(() => {
      throttles.delete(id);
      const current = csAnnotation.state.getAnnotation(id) as unknown as (AnnotationLike & { annotationUID: string }) | undefined;
      if (!current) return;
      if (isPlaneLine(current)) planeLineMoved(current);
      else annotationMoved(current);
    }, THROTTLE_MS),
  );
}

function annotationMoved(annotation: AnnotationLike & { annotationUID: string }): void {
  const id = annotation.annotationUID;
  const row = state().rois.find((r) => r.roi.id === id);
  if (row) {
    const { name, role, mirrorOf } = row.roi;
    const roi = annotationToRoi(annotation, { id, name, role });
    if (!roi) return;
    upsertRow(withStats(mirrorOf ? { ...roi, mirrorOf } : roi, row.key));
    persistRoiLater(id);
    return;
  }
  const m = state().measurements.find((x) => x.id === id);
  if (m) lineChanged(annotation, m.key);
}

export function onRemoved(evt: Event): void {
  if (isSuspended()) return;
  const { annotation } = (evt as AnnotationEvent).detail;
  const id = annotation.annotationUID;
  const row = state().rois.find((r) => r.roi.id === id);
  if (row) {
    removed.set(id, row);
    putRows(state().rois.filter((r) => r.roi.id !== id));
    void storeWrite((s) => s.deleteRoi(id, reader()));
    return;
  }
  if (state().measurements.some((m) => m.id === id)) {
    setState({ measurements: state().measurements.filter((m) => m.id !== id) });
    void storeWrite((s) => s.deleteMeasurement(id, reader()));
  }
}

/** Undo of a delete (or redo of a drawing) re-adds the annotation: bring back its row and stored record. */
export function onAdded(evt: Event): void {
  if (isSuspended()) return;
  const { annotation } = (evt as AnnotationEvent).detail;
  const previous = removed.get(annotation.annotationUID);
  if (!previous) return;
  removed.delete(annotation.annotationUID);
  const roi = annotationToRoi(annotation, previous.roi) ?? previous.roi;
  const row = withStats(previous.roi.mirrorOf ? { ...roi, mirrorOf: previous.roi.mirrorOf } : roi, previous.key);
  upsertRow(row);
  persistRoi(row);
}

export function undo(): void {
  undoAnnotation();
}

export function redo(): void {
  redoAnnotation();
}

/** Renames or relabels an ROI; stored at once (an audited edit). */
export function editRoi(id: string, change: { name?: string; role?: RoiRole }): void {
  const row = state().rois.find((r) => r.roi.id === id);
  if (!row) return;
  const next = { ...row, roi: { ...row.roi, ...change } };
  upsertRow(next);
  const a = csAnnotation.state.getAnnotation(id);
  if (a && change.name !== undefined) a.data.label = change.name;
  persistRoiLater(id);
}

/** Deletes an ROI (through Cornerstone, so undo can bring it back). */
export function deleteRoi(id: string): void {
  removeAnnotation(id);
}
