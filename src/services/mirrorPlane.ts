import { add, scale, sub } from '../core/math/vec3Arithmetic';
import { dot } from '../core/math/vec3Products';
import type { Vec3 } from '../core/math/types';
import type { PlanarRoi, Plane } from '../core/measure/types';
import { planeFromTrace, planeTrace } from '../core/mirror/planeTrace';
import { reflectRoi } from '../core/mirror/reflectRoi';
import type { RoiRow } from '../state/roiStore';
import { showPlaneLine, showRoiAnnotation } from '../viewer/tools/measureTools';
import { estimatePlaneOffThread } from '../workers/planeClient';
import type { MapSet } from '../viewer/mapSet';
import type { AnnotationLike } from '../viewer/tools/annotationRoi';
import { useMirrorStore } from '../state/mirrorStore';
import {
  displayFrameOfReference,
  newId,
  persistRoi,
  persistRoiLater,
  quietly,
  report,
  mapsFor,
  mapsOfGeneration,
  setState,
  state,
  upsertRow,
  withStats,
} from './measureContext';

/**
 * The mid-sagittal mirror plane: estimated once per fit in a worker (from the mean b0 within the
 * brain mask), then moved by the reader — nudged along its normal (keys , and .) or by dragging
 * its trace (translate) or a trace end (turn) — and the contralateral ROIs follow it.
 */

export const PLANE_LINE_ID = 'mid-sagittal-plane-line';
/** Half length of the drawn plane trace, mm: spans any adult head. */
const PLANE_LINE_HALF_MM = 100;

/** The estimate of a fit and the reader's plane derived from it (LPS mm, unit normals). */
interface PlaneState {
  generation: number;
  base: Plane;
  plane: Plane;
  /** Signed distance of the reader's plane from the estimate's centre point (base.origin), mm. */
  offsetMm: number;
}

const setMirror = (change: Parameters<ReturnType<typeof useMirrorStore.getState>['set']>[0]) => useMirrorStore.getState().set(change);

let current: PlaneState | null = null;
let estimating: { generation: number; promise: Promise<PlaneState> } | null = null;

/** New maps: the plane is estimated again on the next Mirror. */
export function resetPlane(): void {
  current = null;
  estimating = null;
  setMirror({ plane: null, planeDistanceMm: null, planeStatus: 'none', planeOffsetMm: 0, planeTiltDeg: 0 });
}

function publish(p: PlaneState): void {
  current = p;
  const { plane, base } = p;
  const tilt = (Math.acos(Math.min(1, Math.abs(dot(plane.normal, base.normal)))) * 180) / Math.PI;
  setMirror({ plane, planeDistanceMm: dot(plane.origin, plane.normal), planeOffsetMm: p.offsetMm, planeTiltDeg: tilt, planeStatus: 'ready' });
}

/** The plane of `result`'s fit: the reader's current one, or a fresh estimate (in a worker) on first use. */
async function planeFor(result: MapSet): Promise<Plane> {
  if (current?.generation === result.generation) return current.plane;
  if (estimating?.generation !== result.generation) {
    setMirror({ planeStatus: 'estimating', planeOffsetMm: 0, planeTiltDeg: 0 });
    const { dims, affine, mask } = result.maps;
    const promise = estimatePlaneOffThread({ dims, affine, data: result.b0 }, mask).then((base) => ({ generation: result.generation, base, plane: base, offsetMm: 0 }));
    estimating = { generation: result.generation, promise };
  }
  const estimate = await estimating!.promise;
  if (!mapsOfGeneration(result.generation)) throw new Error('The maps changed while the mirror plane was estimated: mirror again.');
  if (current?.generation !== result.generation) publish(estimate);
  return current!.plane;
}

/**
 * Creates (or re-places) the contralateral ROI of `id`: its reflection across the mid-sagittal
 * plane, drawn as an annotation on the same slice, with statistics and ipsi/contra ratios.
 */
export async function mirrorRoi(id: string): Promise<void> {
  const row = state().rois.find((r) => r.roi.id === id);
  if (!row) return;
  const result = mapsFor(row.key);
  const frame = displayFrameOfReference(row.key);
  if (!result || !frame) {
    setState({ message: 'Compute the maps of this series first (DTI or perfusion): the mirror plane is found on their base image (mean b0, mean CT) and mask.' });
    return;
  }
  try {
    const plane = await planeFor(result);
    placeMirror(row, plane, frame);
    showPlaneTrace(row.roi, plane, frame);
    setState({ message: null });
  } catch (error) {
    setMirror({ planeStatus: 'error' });
    report(error);
  }
}

function placeMirror(ipsi: RoiRow, plane: Plane, frame: string): void {
  const existing = state().rois.find((r) => r.roi.mirrorOf === ipsi.roi.id);
  const reflected = reflectRoi(ipsi.roi, plane, existing?.roi.id ?? newId());
  const roi = existing ? { ...reflected, name: existing.roi.name, role: existing.roi.role } : reflected;
  quietly(() => showRoiAnnotation(roi, frame));
  const row = withStats(roi, ipsi.key);
  upsertRow(row);
  if (existing) persistRoiLater(roi.id);
  else persistRoi(row);
}

/** Re-places every mirror ROI of the current fit across `plane`; the last ipsilateral ROI placed, if any. */
function replaceMirrors(plane: Plane): RoiRow | null {
  const result = current ? mapsOfGeneration(current.generation) : null;
  if (!result) return null;
  let last: RoiRow | null = null;
  for (const contra of state().rois) {
    const ipsi = contra.roi.mirrorOf ? state().rois.find((r) => r.roi.id === contra.roi.mirrorOf) : undefined;
    const frame = ipsi ? displayFrameOfReference(ipsi.key) : null;
    if (!ipsi || !frame || ipsi.key.seriesInstanceUID !== result.seriesUID) continue;
    placeMirror(ipsi, plane, frame);
    last = ipsi;
  }
  return last;
}

/** Moves the mirror plane along its normal by `deltaMm` (the keyboard path) and re-places every mirror ROI of the fit. */
export function nudgePlane(deltaMm: number): void {
  const result = current ? mapsOfGeneration(current.generation) : null;
  if (!result || current?.generation !== result.generation) return;
  const { plane } = current;
  publish({ ...current, plane: { origin: add(plane.origin, scale(plane.normal, deltaMm)), normal: plane.normal }, offsetMm: current.offsetMm + deltaMm });
  const last = replaceMirrors(current.plane);
  const frame = last ? displayFrameOfReference(last.key) : null;
  if (last && frame) showPlaneTrace(last.roi, current.plane, frame);
}

/**
 * The reader dragged the plane trace (both ends: translation) or one end (a turn about the slice
 * normal): the plane becomes the one through the new trace and the mirror ROIs follow. The trace
 * itself is left where the reader put it (redrawing it would end the drag).
 */
export function planeLineMoved(annotation: AnnotationLike): void {
  const result = current ? mapsOfGeneration(current.generation) : null;
  const points = annotation.data.handles?.points;
  const normal = annotation.metadata.viewPlaneNormal;
  if (!result || current?.generation !== result.generation || !points || points.length < 2 || !normal) return;
  const v3 = (p: ArrayLike<number>): Vec3 => [p[0], p[1], p[2]];
  try {
    const plane = planeFromTrace(current.plane, v3(normal), v3(points[0]), v3(points[1]));
    publish({ ...current, plane, offsetMm: dot(sub(plane.origin, current.base.origin), plane.normal) });
    replaceMirrors(plane);
  } catch (error) {
    report(error);
  }
}

/** Draws the mid-sagittal plane where it cuts the ROI's plane, centred on the point nearest the ROI. */
function showPlaneTrace(roi: PlanarRoi, plane: Plane, frame: string): void {
  const trace = planeTrace(plane, roi.plane, roi.ellipse?.centre ?? roi.plane.origin, PLANE_LINE_HALF_MM);
  if (trace) quietly(() => showPlaneLine(PLANE_LINE_ID, trace[0], trace[1], roi.plane.normal, frame));
}
