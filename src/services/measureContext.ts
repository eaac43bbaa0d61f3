import pkg from '../../package.json';
import type { MeasurementKey, PlanarRoi, ScalarVolume } from '../core/measure/types';
import { ipsiContraRatios, type RoiRatio } from '../core/mirror/ratios';
import { roiStats } from '../core/roi/roiStats';
import type { MeasurementStore } from '../core/store/MeasurementStore';
import type { MapProvenance, MeasurementInput, StoredRoi } from '../core/store/records';
import { roiMeasured } from '../core/store/roiMeasured';
import { getPlatform } from '../platform';
import { useDtiStore, type DtiResult } from '../state/dtiStore';
import { usePerfusionStore, type PerfusionComputation } from '../state/perfusionStore';
import { perfusionProvenanceOf } from './perfusionProvenance';
import { usePreferencesStore } from '../state/preferencesStore';
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
/** The workstation's reader identity: signs every store write. */
export const reader = () => usePreferencesStore.getState().reader;
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

/** Maps a series can have loaded: a DTI fit or a CT perfusion computation. */
export type LoadedMaps = DtiResult | PerfusionComputation;

export function isPerfusion(r: LoadedMaps): r is PerfusionComputation {
  return (r as { kind?: string }).kind === 'perfusion';
}

/** Every computation whose maps are loaded now. */
export function loadedMaps(): LoadedMaps[] {
  return [useDtiStore.getState().result, usePerfusionStore.getState().result].filter((r): r is LoadedMaps => r !== null);
}

/** The fit or perfusion computation whose maps belong to `key`'s series, if it is loaded. */
export function mapsFor(key: MeasurementKey): LoadedMaps | null {
  return loadedMaps().find((r) => r.seriesUID === key.seriesInstanceUID) ?? null;
}

/** The DTI fit whose maps belong to `key`'s series, if it is loaded (ABC/2 and the brush work on its MD and labelmap). */
export function resultFor(key: MeasurementKey): DtiResult | null {
  const r = useDtiStore.getState().result;
  return r && r.seriesUID === key.seriesInstanceUID ? r : null;
}

/** The loaded computation of generation `generation` (null once replaced). */
export function mapsOfGeneration(generation: number): LoadedMaps | null {
  return loadedMaps().find((r) => r.generation === generation) ?? null;
}

/** Frame of reference Cornerstone shows `key`'s images in (map volumes of a series without one use a per-fit id). */
export function displayFrameOfReference(key: MeasurementKey): string | null {
  if (key.frameOfReferenceUID) return key.frameOfReferenceUID;
  const r = mapsFor(key);
  return r ? `dti-${r.generation}` : null;
}

/**
 * Every loaded map of `key`'s series in engine units (FA unitless, MD/AD/RD mm²/s, b0 signal
 * units; CBF and PS ml/100 g/min, CBV ml/100 g, MTT, Tmax and TTP s).
 */
export function volumesFor(key: MeasurementKey): Record<string, ScalarVolume> {
  const r = mapsFor(key);
  if (!r) return {};
  if (isPerfusion(r)) {
    const { dims, affine, scalars } = r.maps;
    return Object.fromEntries(Object.entries(scalars).map(([name, data]) => [name, { dims, affine, data: data! }]));
  }
  const { dims, affine, scalars } = r.maps;
  const vol = (data: Float32Array): ScalarVolume => ({ dims, affine, data });
  return { fa: vol(scalars.fa), md: vol(scalars.md), ad: vol(scalars.ad), rd: vol(scalars.rd), b0: vol(r.b0) };
}

/** Provenance of a fit's (or perfusion computation's) maps, as every statistic computed on them records it. */
export function provenanceOf(result: LoadedMaps): MapProvenance {
  if (isPerfusion(result)) return perfusionProvenanceOf(result, pkg.version);
  return {
    fitId: result.fitId,
    estimator: result.estimator,
    maskThreshold: result.maskThreshold,
    bValues: result.bValues,
    appVersion: pkg.version,
    fittedAt: result.fittedAt,
  };
}

/**
 * A row for `roi` (new geometry): statistics on its series' maps when they are loaded, recorded
 * with the fit; otherwise none (numbers of other geometry would be wrong, not stale).
 */
export function withStats(roi: PlanarRoi, key: MeasurementKey): RoiRow {
  const result = mapsFor(key);
  if (!result) return { roi, key, stats: [], measured: null };
  const measured = roiMeasured(roiStats(roi, volumesFor(key)), provenanceOf(result), new Date().toISOString());
  return { roi, key, stats: measured.stats, measured };
}

/** A row as its stored record holds it: the statistics as computed then, not recomputed. */
export function rowOfRecord(stored: StoredRoi): RoiRow {
  return { roi: stored.roi, key: stored.key, stats: stored.measured?.stats ?? [], measured: stored.measured };
}

/** Whether a row's statistics come from the maps loaded now (else they are the stored ones of an earlier fit). */
export function isLive(row: RoiRow): boolean {
  const result = mapsFor(row.key);
  return result !== null && row.measured?.fit.fitId === result.fitId;
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

/** Store writes run one after another, in the order made: a later edit never lands before an earlier one. */
let writes: Promise<unknown> = Promise.resolve();

/** Queues one store write under the reader's name; the record revision moves on once it is stored. */
export function storeWrite(write: (store: MeasurementStore) => Promise<unknown>): Promise<void> {
  const next = writes
    .then(async () => {
      const store = await measurementStore();
      if (store) await write(store);
    })
    .catch(report)
    .then(() => setState({ recordRevision: state().recordRevision + 1 }));
  writes = next;
  return next;
}

const persistTimers = new Map<string, { timer: ReturnType<typeof setTimeout>; run: () => void }>();

/** Runs `run` once calls with the same `id` have paused for PERSIST_DEBOUNCE_MS (flushRecordWrites runs it at once). */
export function debounceWrite(id: string, run: () => void): void {
  const pending = persistTimers.get(id);
  if (pending) clearTimeout(pending.timer);
  const timer = setTimeout(() => {
    persistTimers.delete(id);
    run();
  }, PERSIST_DEBOUNCE_MS);
  persistTimers.set(id, { timer, run });
}

/** Stores ROI `id` once edits of it have settled (drags, renames typed letter by letter). */
export function persistRoiLater(id: string): void {
  debounceWrite(`roi:${id}`, () => {
    const row = state().rois.find((r) => r.roi.id === id);
    if (row) persistRoi(row);
  });
}

/** Stores an ROI with its statistics: the record the table and the export show. */
export function persistRoi(row: RoiRow): void {
  void storeWrite((s) => s.saveRoi(row.key, row.roi, reader(), row.measured));
}

/** Every edit waiting for its pause is stored now, and every queued write has finished: the record is complete. */
export async function flushRecordWrites(): Promise<void> {
  for (const [id, pending] of [...persistTimers]) {
    clearTimeout(pending.timer);
    persistTimers.delete(id);
    pending.run();
  }
  await writes;
}

export function persistMeasurement(input: MeasurementInput): void {
  const list = state().measurements;
  const i = list.findIndex((m) => m.id === input.id);
  setState({ measurements: i < 0 ? [...list, input] : list.map((m, a) => (a === i ? { ...m, ...input } : m)) });
  void storeWrite((s) => s.saveMeasurement(input, reader()));
}
