import { eventTarget, getRenderingEngine } from '@cornerstonejs/core';
import { annotation as csAnnotation, Enums as ToolEnums } from '@cornerstonejs/tools';
import { abc2Volume } from '../core/abc2/abc2Volume';
import { cFromKothari } from '../core/abc2/cFromKothari';
import { cFromSlices } from '../core/abc2/cFromSlices';
import { lesionAreasPerSlice } from '../core/abc2/lesionAreasPerSlice';
import { planimetricVolume } from '../core/abc2/planimetricVolume';
import type { DicomIndex } from '../core/dicom/types';
import { add, cross, dot, scale, sub, unit } from '../core/dicom/geometry/vec3';
import { keepLargestComponent } from '../core/dti/largestComponent';
import type { Vec3 } from '../core/math/types';
import type { MeasurementKey, Plane, PlanarRoi, RoiRole, ScalarVolume } from '../core/measure/types';
import { estimateMidSagittalPlane } from '../core/mirror/estimateMidSagittalPlane';
import { ipsiContraRatios, type RoiRatio } from '../core/mirror/ratios';
import { reflectRoi } from '../core/mirror/reflectRoi';
import { roiStats } from '../core/roi/roiStats';
import { segmentationStats } from '../core/roi/segmentationStats';
import { lpsToVoxelMap } from '../core/roi/voxelAffine';
import type { MeasurementStore } from '../core/store/MeasurementStore';
import type { MeasurementInput, MeasurementPayload } from '../core/store/records';
import { getPlatform } from '../platform';
import { useDtiStore, type DtiResult } from '../state/dtiStore';
import { EMPTY_ABC2, rememberReader, useRoiStore, type Abc2State, type LesionSegmentation, type RoiRow } from '../state/roiStore';
import { useStudyStore } from '../state/studyStore';
import { useViewportStore } from '../state/viewportStore';
import { RENDERING_ENGINE_ID } from '../viewer/initCornerstone';
import { controllers } from '../viewer/SliceController';
import { LESION_SEGMENT, lesionLabels, showLesionLabelmap } from '../viewer/tools/brushSegmentation';
import { annotationToRoi, bidirectionalOf, lengthOf, shapeOfTool, type AnnotationLike } from '../viewer/tools/annotationRoi';
import {
  PLANE_LINE_LABEL,
  redoAnnotation,
  removeAnnotation,
  setPrimaryTool,
  showLineAnnotation,
  showPlaneLine,
  showRoiAnnotation,
  undoAnnotation,
} from '../viewer/tools/measureTools';

/**
 * Owns ROI and measurement state: turns Cornerstone annotation events into PlanarRois (LPS mm),
 * computes their statistics on every loaded map at once through src/core, mirrors ROIs across the
 * mid-sagittal plane, computes ABC/2, and persists every change through Platform.store under the
 * reader's name; on a study (re)open it restores stored ROIs and lines as annotations.
 */

/** DWI core threshold for the lesion segmentation, mm²/s: ADC < 620×10⁻⁶ mm²/s (Purushotham 2015, RAPID's core). */
export const MD_CORE_THRESHOLD = 620e-6;
/** Live table updates while an ROI is dragged: at most one recomputation per ROI per this many ms. */
const THROTTLE_MS = 100;
/** Drags produce hundreds of modifications: one store write when the reader has stopped for this long. */
const PERSIST_DEBOUNCE_MS = 600;
const PLANE_LINE_ID = 'mid-sagittal-plane-line';
/** Half length of the drawn plane trace, mm: spans any adult head. */
const PLANE_LINE_HALF_MM = 100;

let started = false;
/** While restoring or clearing, annotation events are ours, not the reader's: ignore them. */
let suspended = 0;
/** Annotations removed by the reader, kept so undo (re-add) restores them with the same label. */
const removed = new Map<string, RoiRow>();
const throttles = new Map<string, ReturnType<typeof setTimeout>>();
const persistTimers = new Map<string, ReturnType<typeof setTimeout>>();
/** The estimated (un-nudged) plane of the fit it came from. */
let basePlane: { generation: number; plane: Plane } | null = null;
/** ABC/2 measurement id per series, so re-measuring updates one record. */
const abc2Ids = new Map<string, string>();

const state = () => useRoiStore.getState();
const setState = (change: Parameters<ReturnType<typeof useRoiStore.getState>['set']>[0]) => state().set(change);
const newId = () => crypto.randomUUID();

function report(error: unknown): void {
  setState({ message: error instanceof Error ? error.message : String(error) });
}

async function measurementStore(): Promise<MeasurementStore | null> {
  return (await getPlatform()).store ?? null;
}

function keyForSeries(seriesUID: string | null): MeasurementKey | null {
  const index = useStudyStore.getState().index;
  if (!index || !seriesUID) return null;
  for (const p of index.patients)
    for (const st of p.studies)
      for (const se of st.series)
        if (se.seriesInstanceUID === seriesUID)
          return { studyInstanceUID: st.studyInstanceUID, seriesInstanceUID: seriesUID, frameOfReferenceUID: se.frameOfReferenceUID };
  return null;
}

/** The series a new annotation belongs to: the one in the active viewport (the reader draws where they clicked). */
function keyForNewAnnotation(): MeasurementKey | null {
  const { slots, active } = useViewportStore.getState();
  return keyForSeries(slots[active]?.seriesUID ?? null);
}

/** The fit whose maps belong to `key`'s series, if it is loaded. */
function resultFor(key: MeasurementKey): DtiResult | null {
  const r = useDtiStore.getState().result;
  return r && r.seriesUID === key.seriesInstanceUID ? r : null;
}

/** Frame of reference Cornerstone shows `key`'s images in (map volumes of a series without one use a per-fit id). */
function displayFrameOfReference(key: MeasurementKey): string | null {
  if (key.frameOfReferenceUID) return key.frameOfReferenceUID;
  const r = resultFor(key);
  return r ? `dti-${r.generation}` : null;
}

/** Every loaded map of `key`'s series in engine units (FA unitless, MD/AD/RD mm²/s, b0 signal units). */
function volumesFor(key: MeasurementKey): Record<string, ScalarVolume> {
  const r = resultFor(key);
  if (!r) return {};
  const { dims, affine, scalars } = r.maps;
  const vol = (data: Float32Array): ScalarVolume => ({ dims, affine, data });
  return { fa: vol(scalars.fa), md: vol(scalars.md), ad: vol(scalars.ad), rd: vol(scalars.rd), b0: vol(r.b0) };
}

function withStats(roi: PlanarRoi, key: MeasurementKey): RoiRow {
  return { roi, key, stats: roiStats(roi, volumesFor(key)) };
}

/** Ratios of every mirror pair present (contralateral id → rFA, rMD, rAD, rRD, rB0). */
function ratiosOf(rows: RoiRow[]): Record<string, RoiRatio[]> {
  const out: Record<string, RoiRatio[]> = {};
  for (const contra of rows) {
    const ipsi = contra.roi.mirrorOf ? rows.find((r) => r.roi.id === contra.roi.mirrorOf) : undefined;
    if (ipsi && ipsi.stats.length > 0) out[contra.roi.id] = ipsiContraRatios(ipsi.stats, contra.stats);
  }
  return out;
}

function putRows(rows: RoiRow[]): void {
  setState({ rois: rows, ratios: ratiosOf(rows) });
}

function upsertRow(row: RoiRow): void {
  const rows = state().rois;
  const i = rows.findIndex((r) => r.roi.id === row.roi.id);
  putRows(i < 0 ? [...rows, row] : rows.map((r, a) => (a === i ? row : r)));
}

function persistRoiLater(id: string): void {
  clearTimeout(persistTimers.get(id));
  persistTimers.set(
    id,
    setTimeout(() => {
      persistTimers.delete(id);
      const row = state().rois.find((r) => r.roi.id === id);
      if (row) persistRoi(row);
    }, PERSIST_DEBOUNCE_MS),
  );
}

function persistRoi(row: RoiRow): void {
  measurementStore()
    .then((s) => s?.saveRoi(row.key, row.roi, state().reader))
    .catch(report);
}

function persistMeasurement(input: MeasurementInput): void {
  const list = state().measurements;
  const i = list.findIndex((m) => m.id === input.id);
  setState({ measurements: i < 0 ? [...list, input] : list.map((m, a) => (a === i ? input : m)) });
  measurementStore()
    .then((s) => s?.saveMeasurement(input, state().reader))
    .catch(report);
}

// ---------------------------------------------------------------- annotation events

type AnnotationEvent = CustomEvent<{ annotation: AnnotationLike & { annotationUID: string; isLocked?: boolean }; changeType?: string }>;

function isOurs(annotation: AnnotationLike): boolean {
  return annotation.data.label === PLANE_LINE_LABEL;
}

function defaultLabel(key: MeasurementKey): { name: string; role: RoiRole } {
  const same = state().rois.filter((r) => r.key.seriesInstanceUID === key.seriesInstanceUID);
  if (!same.some((r) => r.roi.role === 'infarct-core')) return { name: 'Infarct core', role: 'infarct-core' };
  return { name: `ROI ${same.length + 1}`, role: 'other' };
}

/** A finished drawing: an ROI row, or a Length / Bidirectional / Probe measurement. */
function onCompleted(evt: Event): void {
  if (suspended) return;
  const { annotation } = (evt as AnnotationEvent).detail;
  if (isOurs(annotation)) return;
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
    if (p) payload = { kind: 'probe', point: [p[0], p[1], p[2]], values: probeValues(key, [p[0], p[1], p[2]]) };
  }
  if (!payload) return;
  const name = existing?.name ?? (payload.kind === 'bidirectional' ? 'Bidirectional' : payload.kind === 'length' ? 'Length' : 'Probe');
  persistMeasurement({ id, key: existing?.key ?? key, name, role: existing?.role ?? (payload.kind === 'bidirectional' ? 'infarct-core' : null), payload });
  if (bi) {
    const abc2 = state().abc2;
    const sameSeries = abc2.key?.seriesInstanceUID === key.seriesInstanceUID;
    setAbc2({ ...(sameSeries ? abc2 : EMPTY_ABC2), key, bidirectionalId: id, aMm: bi.longMm, bMm: bi.shortMm });
  }
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

/** Handles move: the table follows at most every THROTTLE_MS, the store once the drag has settled. */
function onModified(evt: Event): void {
  if (suspended) return;
  const { annotation, changeType } = (evt as AnnotationEvent).detail;
  if (changeType === ToolEnums.ChangeTypes.StatsUpdated || isOurs(annotation)) return;
  const id = annotation.annotationUID;
  if (throttles.has(id)) return;
  throttles.set(
    id,
    setTimeout(() => {
      throttles.delete(id);
      const current = csAnnotation.state.getAnnotation(id) as unknown as (AnnotationLike & { annotationUID: string }) | undefined;
      if (current) annotationMoved(current);
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

function onRemoved(evt: Event): void {
  if (suspended) return;
  const { annotation } = (evt as AnnotationEvent).detail;
  const id = annotation.annotationUID;
  const row = state().rois.find((r) => r.roi.id === id);
  if (row) {
    removed.set(id, row);
    putRows(state().rois.filter((r) => r.roi.id !== id));
    measurementStore().then((s) => s?.deleteRoi(id, state().reader)).catch(report);
    return;
  }
  if (state().measurements.some((m) => m.id === id)) {
    setState({ measurements: state().measurements.filter((m) => m.id !== id) });
    measurementStore().then((s) => s?.deleteMeasurement(id, state().reader)).catch(report);
  }
}

/** Undo of a delete (or redo of a drawing) re-adds the annotation: bring back its row and stored record. */
function onAdded(evt: Event): void {
  if (suspended) return;
  const { annotation } = (evt as AnnotationEvent).detail;
  const previous = removed.get(annotation.annotationUID);
  if (!previous) return;
  removed.delete(annotation.annotationUID);
  const roi = annotationToRoi(annotation, previous.roi) ?? previous.roi;
  const row = withStats(previous.roi.mirrorOf ? { ...roi, mirrorOf: previous.roi.mirrorOf } : roi, previous.key);
  upsertRow(row);
  persistRoi(row);
}

// ---------------------------------------------------------------- reader actions

export function setReader(name: string): void {
  setState({ reader: name });
  rememberReader(name);
}

export function selectTool(toolName: string): void {
  if (toolName === 'Brush' && !prepareBrush()) return;
  setPrimaryTool(toolName);
  setState({ primaryTool: toolName });
}

/** The brush paints the fit's lesion labelmap, shown on the active map viewport; false (with a message) when there is none. */
function prepareBrush(): boolean {
  const { active, slots } = useViewportStore.getState();
  const result = useDtiStore.getState().result;
  const viewportId = (controllers.get(active) as { viewportId?: string } | undefined)?.viewportId;
  if (!result || !slots[active]?.map || slots[active].seriesUID !== result.seriesUID || !viewportId) {
    setState({ message: 'The brush paints on a DTI map: show a map of the fitted series in the active viewport.' });
    return false;
  }
  try {
    showLesionLabelmap(result, viewportId);
    setState({ message: null });
    return true;
  } catch (error) {
    report(error);
    return false;
  }
}

let brushTimer: ReturnType<typeof setTimeout> | null = null;

/** Painting: lesion statistics on every map, its volume, and ABC/2's comparison follow, throttled. */
function onSegmentationModified(): void {
  if (brushTimer) return;
  brushTimer = setTimeout(() => {
    brushTimer = null;
    const result = useDtiStore.getState().result;
    const key = result ? keyForSeries(result.seriesUID) : null;
    const labels = result ? lesionLabels(result) : null;
    if (!result || !key || !labels) return;
    const stats = segmentationStats(labels, LESION_SEGMENT, volumesFor(key));
    setState({ brush: { key, stats, voxels: stats[0]?.n ?? 0 } });
    if (state().abc2.key?.seriesInstanceUID === key.seriesInstanceUID) setAbc2(state().abc2);
  }, THROTTLE_MS);
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

/** The mid-sagittal plane of a fit: estimated once from the mean b0 within the brain mask, then the reader's offset. */
async function planeFor(result: DtiResult): Promise<Plane> {
  if (!basePlane || basePlane.generation !== result.generation) {
    setState({ planeStatus: 'estimating', planeOffsetMm: 0 });
    // Let the panel show "estimating" before the (main-thread, ~1 s) search blocks.
    await new Promise((ok) => setTimeout(ok, 0));
    const { dims, affine, mask } = result.maps;
    basePlane = { generation: result.generation, plane: estimateMidSagittalPlane({ dims, affine, data: result.b0 }, { mask }) };
  }
  const { origin, normal } = basePlane.plane;
  const plane = { origin: add(origin, scale(normal, state().planeOffsetMm)), normal };
  setState({ plane, planeDistanceMm: dot(plane.origin, normal), planeStatus: 'ready' });
  return plane;
}

/**
 * Creates (or re-places) the contralateral ROI of `id`: its reflection across the mid-sagittal
 * plane, drawn as an annotation on the same slice, with statistics and ipsi/contra ratios.
 */
export async function mirrorRoi(id: string): Promise<void> {
  const row = state().rois.find((r) => r.roi.id === id);
  if (!row) return;
  const result = resultFor(row.key);
  const frame = displayFrameOfReference(row.key);
  if (!result || !frame) {
    setState({ message: 'Compute the DTI maps of this series first: the mirror plane is found on its b0 and brain mask.' });
    return;
  }
  try {
    const plane = await planeFor(result);
    placeMirror(row, plane, frame);
    showPlaneTrace(row.roi, plane, frame);
    setState({ message: null });
  } catch (error) {
    setState({ planeStatus: 'error' });
    report(error);
  }
}

function placeMirror(ipsi: RoiRow, plane: Plane, frame: string): void {
  const existing = state().rois.find((r) => r.roi.mirrorOf === ipsi.roi.id);
  const reflected = reflectRoi(ipsi.roi, plane, existing?.roi.id ?? newId());
  const roi = existing ? { ...reflected, name: existing.roi.name, role: existing.roi.role } : reflected;
  suspended++;
  try {
    showRoiAnnotation(roi, frame);
  } finally {
    suspended--;
  }
  const row = withStats(roi, ipsi.key);
  upsertRow(row);
  if (existing) persistRoiLater(roi.id);
  else persistRoi(row);
}

/** Moves the mirror plane along its normal by `deltaMm` and re-places every mirror ROI of the fit. */
export function nudgePlane(deltaMm: number): void {
  const result = useDtiStore.getState().result;
  if (!result || !basePlane || basePlane.generation !== result.generation) return;
  setState({ planeOffsetMm: state().planeOffsetMm + deltaMm });
  void planeFor(result).then((plane) => {
    let last: RoiRow | null = null;
    for (const contra of state().rois) {
      const ipsi = contra.roi.mirrorOf ? state().rois.find((r) => r.roi.id === contra.roi.mirrorOf) : undefined;
      const frame = ipsi ? displayFrameOfReference(ipsi.key) : null;
      if (!ipsi || !frame || ipsi.key.seriesInstanceUID !== result.seriesUID) continue;
      placeMirror(ipsi, plane, frame);
      last = ipsi;
    }
    const frame = last ? displayFrameOfReference(last.key) : null;
    if (last && frame) showPlaneTrace(last.roi, plane, frame);
  });
}

/** Draws the mid-sagittal plane where it cuts the ROI's plane, centred on the point nearest the ROI. */
function showPlaneTrace(roi: PlanarRoi, plane: Plane, frame: string): void {
  const d = unit(cross(plane.normal, roi.plane.normal));
  if (!d) return;
  const w = cross(roi.plane.normal, d);
  const denom = dot(w, plane.normal);
  if (Math.abs(denom) < 1e-9) return;
  const centre = roi.ellipse?.centre ?? roi.plane.origin;
  const t = dot(sub(plane.origin, centre), plane.normal) / denom;
  const onLine = add(centre, scale(w, t));
  suspended++;
  try {
    showPlaneLine(PLANE_LINE_ID, add(onLine, scale(d, -PLANE_LINE_HALF_MM)), add(onLine, scale(d, PLANE_LINE_HALF_MM)), roi.plane.normal, frame);
  } finally {
    suspended--;
  }
}

// ---------------------------------------------------------------- ABC/2

function setAbc2(next: Abc2State): void {
  const segmentation = next.key ? (brushSegmentation(next.key) ?? (next.bidirectionalId ? segmentLesion(next.key, next.bidirectionalId) : null)) : null;
  const cMm =
    next.cMode === 'kothari'
      ? (segmentation?.kothariCMm ?? null)
      : next.first && next.last && next.spacingMm
        ? cFromSlices(next.first.index, next.last.index, next.spacingMm)
        : null;
  const volumeMl = next.aMm !== null && next.bMm !== null && cMm !== null ? abc2Volume({ aMm: next.aMm, bMm: next.bMm, cMm }) : null;
  const abc2 = { ...next, segmentation, cMm, volumeMl };
  setState({ abc2 });
  if (volumeMl !== null && abc2.key && abc2.aMm !== null && abc2.bMm !== null && cMm !== null) {
    const series = abc2.key.seriesInstanceUID;
    const id = abc2Ids.get(series) ?? newId();
    abc2Ids.set(series, id);
    persistMeasurement({ id, key: abc2.key, name: 'ABC/2', role: 'infarct-core', payload: { kind: 'abc2', aMm: abc2.aMm, bMm: abc2.bMm, cMm, volumeMl } });
  }
}

/** The reader's painted lesion of `key`'s fit as ABC/2's reference segmentation, when it has voxels. */
function brushSegmentation(key: MeasurementKey): LesionSegmentation | null {
  const result = resultFor(key);
  const labels = result ? lesionLabels(result) : null;
  if (!result || !labels) return null;
  const { dims, affine, spacing } = result.maps;
  let voxels = 0;
  for (let v = 0; v < labels.length; v++) if (labels[v] === LESION_SEGMENT) voxels++;
  if (voxels === 0) return null;
  return {
    source: 'brush',
    thresholdMd: null,
    voxels,
    planimetricMl: planimetricVolume(labels, dims, affine, LESION_SEGMENT),
    kothariCMm: cFromKothari(lesionAreasPerSlice(labels, dims, spacing, LESION_SEGMENT), spacing[2]),
  };
}

/**
 * Threshold segmentation of the lesion for Kothari's C and the planimetric volume: brain-mask
 * voxels with MD < MD_CORE_THRESHOLD inside the Bidirectional's in-plane box (± 2 voxels, every
 * slice), largest 6-connected component. Needs the fit of the series; null otherwise (e.g. CT).
 */
function segmentLesion(key: MeasurementKey, bidirectionalId: string): LesionSegmentation | null {
  const result = resultFor(key);
  const m = state().measurements.find((x) => x.id === bidirectionalId);
  if (!result || m?.payload.kind !== 'bidirectional') return null;
  const { dims, affine, mask, scalars, spacing } = result.maps;
  const [nx, ny, nz] = dims;
  const toVoxel = lpsToVoxelMap(affine);
  const ends = [...m.payload.long, ...m.payload.short].map(toVoxel);
  const lo = [0, 1].map((a) => Math.max(0, Math.floor(Math.min(...ends.map((e) => e[a]))) - 2));
  const hi = [0, 1].map((a) => Math.min(dims[a] - 1, Math.ceil(Math.max(...ends.map((e) => e[a]))) + 2));
  const labels = new Uint8Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = lo[1]; j <= hi[1]; j++)
      for (let i = lo[0]; i <= hi[0]; i++) {
        const v = (k * ny + j) * nx + i;
        if (mask[v] && scalars.md[v] > 0 && scalars.md[v] < MD_CORE_THRESHOLD) labels[v] = 1;
      }
  const voxels = keepLargestComponent(labels, dims);
  if (voxels === 0) return null;
  const areas = lesionAreasPerSlice(labels, dims, spacing);
  return {
    source: 'threshold',
    thresholdMd: MD_CORE_THRESHOLD,
    voxels,
    planimetricMl: planimetricVolume(labels, dims, affine),
    kothariCMm: cFromKothari(areas, spacing[2]),
  };
}

/** Marks the active viewport's current slice as the first or last slice showing the lesion. */
export function markSlice(which: 'first' | 'last'): void {
  const { active, slots, readouts } = useViewportStore.getState();
  const readout = readouts[active];
  const plane = controllers.get(active)?.slicePlane();
  const key = keyForSeries(slots[active]?.seriesUID ?? null);
  if (!readout || !plane || !key) return;
  const abc2 = state().abc2;
  const base = abc2.key?.seriesInstanceUID === key.seriesInstanceUID ? abc2 : { ...EMPTY_ABC2, key };
  setAbc2({ ...base, [which]: { index: readout.slice, locationMm: dot(plane.point, plane.normal) }, spacingMm: plane.spacing });
}

export function setCMode(cMode: Abc2State['cMode']): void {
  setAbc2({ ...state().abc2, cMode });
}

// ---------------------------------------------------------------- maps and study lifecycle

/** New maps: every ROI of their series gets statistics on them; the mirror plane is re-estimated on demand. */
function onMaps(result: DtiResult | null): void {
  basePlane = null;
  setState({ plane: null, planeDistanceMm: null, planeStatus: 'none', planeOffsetMm: 0, brush: null });
  if (!result) return;
  putRows(state().rois.map((r) => (r.key.seriesInstanceUID === result.seriesUID ? withStats(r.roi, r.key) : r)));
  for (const r of state().rois) {
    const frame = displayFrameOfReference(r.key);
    if (r.key.seriesInstanceUID === result.seriesUID && !r.key.frameOfReferenceUID && frame) quietly(() => showRoiAnnotation(r.roi, frame));
  }
  if (state().abc2.key?.seriesInstanceUID === result.seriesUID) setAbc2(state().abc2);
}

function quietly(run: () => void): void {
  suspended++;
  try {
    run();
  } finally {
    suspended--;
  }
}

/** A study list was (re)opened: drop the previous annotations, then bring back what the store holds for it. */
async function restore(index: DicomIndex | null): Promise<void> {
  quietly(() => csAnnotation.state.removeAllAnnotations());
  removed.clear();
  abc2Ids.clear();
  setState({ rois: [], measurements: [], ratios: {}, abc2: EMPTY_ABC2, message: null });
  if (!index) return;
  const store = await measurementStore();
  if (!store) return;
  const rows: RoiRow[] = [];
  const measurements: MeasurementInput[] = [];
  for (const p of index.patients)
    for (const st of p.studies) {
      const scope = { studyInstanceUID: st.studyInstanceUID };
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
    abc2Ids.set(abc2.key.seriesInstanceUID, abc2.id);
    const bi = measurements.filter((m) => m.payload.kind === 'bidirectional' && m.key.seriesInstanceUID === abc2.key.seriesInstanceUID).at(-1);
    setState({
      abc2: { ...EMPTY_ABC2, key: abc2.key, bidirectionalId: bi?.id ?? null, aMm: abc2.payload.aMm, bMm: abc2.payload.bMm, cMm: abc2.payload.cMm, volumeMl: abc2.payload.volumeMl },
    });
  }
}

/** Test hook: LPS → canvas CSS pixels of a viewport, for the e2e test to draw at known anatomy. */
function worldToCanvas(viewportId: string, p: Vec3): [number, number] | null {
  const viewport = getRenderingEngine(RENDERING_ENGINE_ID)?.getViewport(viewportId);
  if (!viewport) return null;
  const [x, y] = viewport.worldToCanvas(p);
  return [x, y];
}

/** Starts listening (idempotent): Cornerstone annotation events, new fits, opened studies. */
export function startMeasurementService(): void {
  if (started) return;
  started = true;
  eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, onCompleted);
  eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_MODIFIED, onModified);
  eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_REMOVED, onRemoved);
  eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_ADDED, onAdded);
  eventTarget.addEventListener(ToolEnums.Events.SEGMENTATION_DATA_MODIFIED, onSegmentationModified);
  useDtiStore.subscribe((s, prev) => {
    if (s.result !== prev.result) onMaps(s.result);
  });
  useStudyStore.subscribe((s, prev) => {
    if (s.index !== prev.index) restore(s.index).catch(report);
  });
  (globalThis as unknown as { __dtiMeasure?: unknown }).__dtiMeasure = { worldToCanvas, state };
}
