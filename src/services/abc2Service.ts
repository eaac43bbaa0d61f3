import { abc2Volume } from '../core/abc2/abc2Volume';
import { cFromKothari } from '../core/abc2/cFromKothari';
import { cFromSlices } from '../core/abc2/cFromSlices';
import { lesionAreasPerSlice } from '../core/abc2/lesionAreasPerSlice';
import { planimetricVolume } from '../core/abc2/planimetricVolume';
import { dot } from '../core/math/vec3Products';
import { keepLargestComponent } from '../core/dti/largestComponent';
import type { MeasurementKey } from '../core/measure/types';
import { lpsToVoxelMap } from '../core/roi/voxelAffine';
import { EMPTY_ABC2, useAbc2Store, type Abc2State, type LesionSegmentation } from '../state/abc2Store';
import { useViewportStore } from '../state/viewportStore';
import { controllers } from '../viewer/SliceController';
import { LESION_SEGMENT, lesionLabels } from '../viewer/tools/brushSegmentation';
import type { MeasurementInput, MeasurementPayload, MeasurementRecord } from '../core/store/records';
import { useStudyStore } from '../state/studyStore';
import { debounceWrite, keyForSeries, newId, persistMeasurement, reader, resultFor, setState, state, storeWrite } from './measureContext';

/**
 * ABC/2 of the series being measured: A and B from its last Bidirectional, C from the slices the
 * reader marked or by Kothari's weighting on the lesion segmentation (the brush labelmap when
 * painted, else an MD threshold segmentation); stored as one 'abc2' measurement per series.
 */

/** DWI core threshold for the lesion segmentation, mm²/s: ADC < 620×10⁻⁶ mm²/s (Purushotham 2015, RAPID's core). */
export const MD_CORE_THRESHOLD = 620e-6;

/** One store write of the threshold segmentation when the Bidirectional has settled, ms. */
const PERSIST_DEBOUNCE_MS = 600;
let thresholdTimer: ReturnType<typeof setTimeout> | null = null;

const working = () => useAbc2Store.getState().abc2;

/** The stored threshold segmentation of a series (one per series: a new Bidirectional edits it). */
export function thresholdSegmentationId(seriesUID: string): string {
  return `lesion-threshold:${seriesUID}`;
}

/** The series entry (modality) of a key, from the open index. */
function modalityOf(key: MeasurementKey): string | undefined {
  for (const p of useStudyStore.getState().index?.patients ?? [])
    for (const st of p.studies) for (const se of st.series) if (se.seriesInstanceUID === key.seriesInstanceUID) return se.modality || undefined;
  return undefined;
}

type Abc2Record = (MeasurementInput | MeasurementRecord) & { payload: Extract<MeasurementPayload, { kind: 'abc2' }> };

function isAbc2(m: MeasurementInput | MeasurementRecord): m is Abc2Record {
  return m.payload.kind === 'abc2';
}

/** The stored ABC/2 records of a series, in creation order. */
export function abc2Records(seriesUID: string | null): Abc2Record[] {
  return seriesUID === null ? [] : state().measurements.filter(isAbc2).filter((m) => m.key.seriesInstanceUID === seriesUID);
}

/** The record of one series, reader and lesion name (a record not signed yet counts as the reader's). */
function recordFor(seriesUID: string, name: string, signer: string): Abc2Record | undefined {
  return abc2Records(seriesUID).find((m) => m.name === name && (!('createdBy' in m) || m.createdBy === signer));
}

/** The working state a stored record stands for: its A, B, C, method, marked slices and volume. */
function fromRecord(m: Abc2Record): Abc2State {
  const p = m.payload;
  const slice = (x: { index: number; locationMm: number }) => ({ index: x.index - 1, locationMm: x.locationMm });
  return {
    ...EMPTY_ABC2,
    key: m.key,
    recordId: m.id,
    name: m.name,
    aMm: p.aMm,
    bMm: p.bMm,
    cMm: p.cMm,
    volumeMl: p.volumeMl,
    cMode: p.cMethod ?? 'slices',
    first: p.slices ? slice(p.slices.first) : null,
    last: p.slices ? slice(p.slices.last) : null,
    spacingMm: p.slices?.spacingMm ?? null,
  };
}

/**
 * The ABC/2 of a series as the panel shows it and re-measuring continues it: the working state
 * when it is that series', else its stored record (the reader's first), else an empty one.
 */
export function abc2Of(key: MeasurementKey): Abc2State {
  const current = working();
  if (current.key?.seriesInstanceUID === key.seriesInstanceUID) return current;
  const stored = recordFor(key.seriesInstanceUID, EMPTY_ABC2.name, reader()) ?? abc2Records(key.seriesInstanceUID)[0];
  return stored ? fromRecord(stored) : { ...EMPTY_ABC2, key };
}

/** Recomputes C and the volume of `next` (and its reference segmentation), shows them, and updates its one record. */
export function setAbc2(next: Abc2State): void {
  const segmentation = next.key ? (brushSegmentation(next.key) ?? (next.bidirectionalId ? segmentLesion(next.key, next.bidirectionalId) : null)) : null;
  const cMm =
    next.cMode === 'kothari'
      ? (segmentation?.kothariCMm ?? null)
      : next.first && next.last && next.spacingMm
        ? cFromSlices(next.first.index, next.last.index, next.spacingMm)
        : next.cMm;
  const volumeMl = next.aMm !== null && next.bMm !== null && cMm !== null ? abc2Volume({ aMm: next.aMm, bMm: next.bMm, cMm }) : null;
  const abc2: Abc2State = { ...next, segmentation, cMm, volumeMl };
  if (volumeMl !== null && abc2.key && abc2.aMm !== null && abc2.bMm !== null && cMm !== null) {
    abc2.recordId ??= recordFor(abc2.key.seriesInstanceUID, abc2.name, reader())?.id ?? newId();
    const slice = (x: { index: number; locationMm: number }) => ({ index: x.index + 1, locationMm: x.locationMm });
    useAbc2Store.getState().set(abc2);
    persistMeasurement({
      id: abc2.recordId,
      key: abc2.key,
      name: abc2.name,
      role: 'infarct-core',
      payload: {
        kind: 'abc2',
        aMm: abc2.aMm,
        bMm: abc2.bMm,
        cMm,
        volumeMl,
        modality: modalityOf(abc2.key),
        cMethod: abc2.cMode,
        slices: abc2.first && abc2.last && abc2.spacingMm ? { first: slice(abc2.first), last: slice(abc2.last), spacingMm: abc2.spacingMm } : null,
        planimetricMl: segmentation?.planimetricMl ?? null,
        segmentation: segmentation?.source ?? null,
      },
    });
    return;
  }
  useAbc2Store.getState().set(abc2);
}

/** A new Bidirectional of `key`'s series gives A (long) and B (short), mm; it continues that series' ABC/2. */
export function bidirectionalChanged(key: MeasurementKey, id: string, longMm: number, shortMm: number): void {
  setAbc2({ ...abc2Of(key), key, bidirectionalId: id, aMm: longMm, bMm: shortMm });
}

/** Recomputes the ABC/2 of `seriesUID` when it is the one being measured (new maps, painted lesion). */
export function refreshAbc2(seriesUID: string): void {
  if (working().key?.seriesInstanceUID === seriesUID) setAbc2(working());
}

/** Renames a stored ABC/2 (one audited edit once typing pauses); the name keys the export's lesion columns. */
export function renameAbc2(id: string, name: string): void {
  const m = state().measurements.filter(isAbc2).find((x) => x.id === id);
  if (!m) return;
  setState({ measurements: state().measurements.map((x) => (x.id === id ? { ...x, name } : x)) });
  const current = working();
  if (current.recordId === id) useAbc2Store.getState().set({ ...current, name });
  debounceWrite(`abc2:${id}`, () => {
    const now = state().measurements.find((x) => x.id === id);
    if (now) void storeWrite((s) => s.saveMeasurement({ id: now.id, key: now.key, name: now.name, role: now.role, payload: now.payload }, reader()));
  });
}

/** Deletes a stored ABC/2 (soft: the audit keeps it); its series starts afresh. */
export function deleteAbc2(id: string): void {
  setState({ measurements: state().measurements.filter((m) => m.id !== id) });
  if (working().recordId === id) useAbc2Store.getState().set(EMPTY_ABC2);
  void storeWrite((s) => s.deleteMeasurement(id, reader()));
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
  persistThresholdLater(key, labels, result.maps.dims, result.maps.affine);
  const areas = lesionAreasPerSlice(labels, dims, spacing);
  return {
    source: 'threshold',
    thresholdMd: MD_CORE_THRESHOLD,
    voxels,
    planimetricMl: planimetricVolume(labels, dims, affine),
    kothariCMm: cFromKothari(areas, spacing[2]),
  };
}

/**
 * Stores the threshold segmentation ABC/2 is compared with (its planimetric volume and Kothari C
 * are numbers of the trial: the voxels they came from are kept, audited like the brush lesion).
 */
function persistThresholdLater(key: MeasurementKey, labels: Uint8Array, dims: [number, number, number], affine: number[]): void {
  if (thresholdTimer) clearTimeout(thresholdTimer);
  thresholdTimer = setTimeout(() => {
    thresholdTimer = null;
    const input = { id: thresholdSegmentationId(key.seriesInstanceUID), key, name: `Lesion (MD < ${Math.round(MD_CORE_THRESHOLD * 1e6)}×10⁻⁶ mm²/s)`, role: 'infarct-core' as const, dims, affine, labels };
    void storeWrite(async (s) => s.saveSegmentation?.(input, reader()));
  }, PERSIST_DEBOUNCE_MS);
}

/** Marks the active viewport's current slice as the first or last slice showing the lesion. */
export function markSlice(which: 'first' | 'last'): void {
  const { active, slots, readouts } = useViewportStore.getState();
  const readout = readouts[active];
  const plane = controllers.get(active)?.slicePlane();
  const key = keyForSeries(slots[active]?.seriesUID ?? null);
  if (!readout || !plane || !key) return;
  setAbc2({ ...abc2Of(key), [which]: { index: readout.slice, locationMm: dot(plane.point, plane.normal) }, spacingMm: plane.spacing });
}

/** Chooses how C is measured for the ABC/2 of the series in the active viewport. */
export function setCMode(cMode: Abc2State['cMode']): void {
  const { active, slots } = useViewportStore.getState();
  const key = keyForSeries(slots[active]?.seriesUID ?? null) ?? working().key;
  if (key) setAbc2({ ...abc2Of(key), cMode });
}
