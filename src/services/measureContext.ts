import type { MeasurementKey, PlanarRoi, ScalarVolume } from '../core/measure/types';
import { ipsiContraRatios, type RoiRatio } from '../core/mirror/ratios';
import { roiStats } from '../core/roi/roiStats';
import type { MeasurementStore } from '../core/store/MeasurementStore';
import type { MeasurementInput } from '../core/store/records';
import { getPlatform } from '../platform';
import { useDtiStore, type DtiResult } from '../state/dtiStore';
import { useRoiStore, type RoiRow } from '../state/roiStore';
import { useStudyStore } from '../state/studyStore';
import { useViewportStore } from '../state/viewportStore';

/**
 * What every part of the measurement service shares: the ROI store, the series key and fit of a
 * measurement, statistics of ROIs on every loaded map (through src/core), and the store writes
 * made under the reader's name. Geometry is patient LPS mm throughout.
 */

/** Live table updates while an ROI is dragged: at most one recomputation per ROI per this many ms. */
export const THROTTLE_MS = 100;
/** Drags produce hundreds of modifications: one store write when the reader has stopped for this long. */
const PERSIST_DEBOUNCE_MS = 600;

export const state = () => useRoiStore.getState();
export const setState = (change: Parameters<ReturnType<typeof useRoiStore.getState>['set']>[0]) => state().set(change);
export const newId = () => crypto.randomUUID();

export function report(error: unknown): void {
  setState({ message: error instanceof Error ? error.message : String(error) });
}

/** While restoring, mirroring or clearing, annotation events are ours, not the reader's: handlers ignore them. */
const guard = { suspended: 0 };

export function isSuspended(): boolean {
  return guard.suspended > 0;
}

/** Runs `run` with annotation events ignored (the service itself adds, moves or removes annotations). */
export function quietly<T>(run: () => T): T {
  guard.suspended++;
  try {
    return run();
  } finally {
    guard.suspended--;
  }
}

export async function measurementStore(): Promise<MeasurementStore | null> {
  return (await getPlatform()).store ?? null;
}

export function keyForSeries(seriesUID: string | null): MeasurementKey | null {
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
export function keyForNewAnnotation(): MeasurementKey | null {
  const { slots, active } = useViewportStore.getState();
  return keyForSeries(slots[active]?.seriesUID ?? null);
}

/** The fit whose maps belong to `key`'s series, if it is loaded. */
export function resultFor(key: MeasurementKey): DtiResult | null {
  const r = useDtiStore.getState().result;
  return r && r.seriesUID === key.seriesInstanceUID ? r : null;
}

/** Frame of reference Cornerstone shows `key`'s images in (map volumes of a series without one use a per-fit id). */
export function displayFrameOfReference(key: MeasurementKey): string | null {
  if (key.frameOfReferenceUID) return key.frameOfReferenceUID;
  const r = resultFor(key);
  return r ? `dti-${r.generation}` : null;
}

/** Every loaded map of `key`'s series in engine units (FA unitless, MD/AD/RD mm²/s, b0 signal units). */
export function volumesFor(key: MeasurementKey): Record<string, ScalarVolume> {
  const r = resultFor(key);
  if (!r) return {};
  const { dims, affine, scalars } = r.maps;
  const vol = (data: Float32Array): ScalarVolume => ({ dims, affine, data });
  return { fa: vol(scalars.fa), md: vol(scalars.md), ad: vol(scalars.ad), rd: vol(scalars.rd), b0: vol(r.b0) };
}

export function withStats(roi: PlanarRoi, key: MeasurementKey): RoiRow {
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

export function putRows(rows: RoiRow[]): void {
  setState({ rois: rows, ratios: ratiosOf(rows) });
}

export function upsertRow(row: RoiRow): void {
  const rows = state().rois;
  const i = rows.findIndex((r) => r.roi.id === row.roi.id);
  putRows(i < 0 ? [...rows, row] : rows.map((r, a) => (a === i ? row : r)));
}

const persistTimers = new Map<string, ReturnType<typeof setTimeout>>();

/** Stores ROI `id` once edits of it have settled (drags, renames typed letter by letter). */
export function persistRoiLater(id: string): void {
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

export function persistRoi(row: RoiRow): void {
  measurementStore()
    .then((s) => s?.saveRoi(row.key, row.roi, state().reader))
    .catch(report);
}

export function persistMeasurement(input: MeasurementInput): void {
  const list = state().measurements;
  const i = list.findIndex((m) => m.id === input.id);
  setState({ measurements: i < 0 ? [...list, input] : list.map((m, a) => (a === i ? input : m)) });
  measurementStore()
    .then((s) => s?.saveMeasurement(input, state().reader))
    .catch(report);
}
