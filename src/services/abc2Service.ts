import { abc2Volume } from '../core/abc2/abc2Volume';
import { cFromKothari } from '../core/abc2/cFromKothari';
import { cFromSlices } from '../core/abc2/cFromSlices';
import { lesionAreasPerSlice } from '../core/abc2/lesionAreasPerSlice';
import { planimetricVolume } from '../core/abc2/planimetricVolume';
import { dot } from '../core/math/vec3Products';
import { keepLargestComponent } from '../core/dti/largestComponent';
import type { MeasurementKey } from '../core/measure/types';
import { lpsToVoxelMap } from '../core/roi/voxelAffine';
import { EMPTY_ABC2, type Abc2State, type LesionSegmentation } from '../state/roiStore';
import { useViewportStore } from '../state/viewportStore';
import { controllers } from '../viewer/SliceController';
import { LESION_SEGMENT, lesionLabels } from '../viewer/tools/brushSegmentation';
import { keyForSeries, measurementStore, newId, persistMeasurement, report, resultFor, setState, state } from './measureContext';

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

/** The stored threshold segmentation of a series (one per series: a new Bidirectional edits it). */
export function thresholdSegmentationId(seriesUID: string): string {
  return `lesion-threshold:${seriesUID}`;
}

/** ABC/2 measurement id per series, so re-measuring updates one record. */
const abc2Ids = new Map<string, string>();

/** A study (re)opened: forget the ids, then adopt the stored ABC/2 of `seriesUID` (if any). */
export function resetAbc2Ids(stored?: { seriesUID: string; id: string }): void {
  abc2Ids.clear();
  if (stored) abc2Ids.set(stored.seriesUID, stored.id);
}

/** Recomputes C and the volume of `next` (and its reference segmentation), shows and stores them. */
export function setAbc2(next: Abc2State): void {
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

/** A new Bidirectional of `key`'s series gives A (long) and B (short), mm. */
export function bidirectionalChanged(key: MeasurementKey, id: string, longMm: number, shortMm: number): void {
  const abc2 = state().abc2;
  const sameSeries = abc2.key?.seriesInstanceUID === key.seriesInstanceUID;
  setAbc2({ ...(sameSeries ? abc2 : EMPTY_ABC2), key, bidirectionalId: id, aMm: longMm, bMm: shortMm });
}

/** Recomputes the ABC/2 of `seriesUID` when it is the one being measured (new maps, painted lesion). */
export function refreshAbc2(seriesUID: string): void {
  if (state().abc2.key?.seriesInstanceUID === seriesUID) setAbc2(state().abc2);
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
    measurementStore()
      .then((s) => s?.saveSegmentation?.(input, state().reader))
      .catch(report);
  }, PERSIST_DEBOUNCE_MS);
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
