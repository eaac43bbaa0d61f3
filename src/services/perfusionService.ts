import type { SeriesEntry } from '../core/dicom/types';
import { planPerfusion } from '../core/dicom/timing/planPerfusion';
import type { FileSource } from '../core/io/FileSource';
import type { Mat4, Vec3 } from '../core/math/types';
import type { PlanarRoi } from '../core/measure/types';
import { DEFAULT_BRAIN_DENSITY, DEFAULT_HEMATOCRIT_FACTOR, DEFAULT_OSCILLATION_INDEX } from '../core/perfusion/constants';
import type { PerfusionResult } from '../core/perfusion/perfusionMaps';
import type { PerfusionOptions } from '../core/perfusion/perfusionOptions';
import { computePerfusionInWorkers } from '../workers/perfusionPool';
import { pointToVoxel } from '../core/perfusion/pointToVoxel';
import { slabOfSlice, type Slab } from '../core/perfusion/slabOfSlice';
import type { PerfusionConstants } from '../core/perfusion/types';
import { baselineImage } from '../core/perfusionReview/baselineImage';
import { intracranialMask } from '../core/perfusionReview/intracranialMask';
import { meanCurve } from '../core/perfusionReview/meanCurve';
import { smoothInPlane } from '../core/perfusionReview/smoothInPlane';
import { perfusionVolumes, type PerfusionVolumes, type PlaneSide } from '../core/perfusionReview/perfusionVolumes';
import { selectRoiVoxels } from '../core/roi/selectRoiVoxels';
import { voxelToLps } from '../core/roi/voxelAffine';
import { assembleVolume } from '../core/volume/assembleVolume';
import { browserWasmLocator } from '../codecs/browserWasmLocator';
import { createFrameDecoder } from '../codecs/createFrameDecoder';
import { useMirrorStore } from '../state/mirrorStore';
import { usePerfusionStore, type InputCurve, type PerfusionComputation } from '../state/perfusionStore';
import { useRoiStore } from '../state/roiStore';
import { findSeries } from '../core/dicom/findSeries';
import { useStudyStore } from '../state/studyStore';
import { DEFAULT_LAYER, useViewportStore, type MapLayer } from '../state/viewportStore';
import { mapSpec, type PerfusionMapName } from '../core/maps/mapCatalog';
import { nextMapGeneration } from '../viewer/mapSet';

/**
 * CT perfusion in the workstation: assembles the 4D series (frame times from its tags), computes
 * the maps (src/core/perfusion), keeps the assembled curves for the curves panel and for
 * recomputing with an input the reader moved, shows the maps, and gives the thresholded volumes.
 * State lives in usePerfusionStore; the 4D HU volume stays here (it is large and never rendered).
 */

/** The assembled series the current computation came from: HU, volume-major (assembleVolume's layout). */
interface Assembled {
  seriesUID: string;
  data: Float32Array;
  dims: [number, number, number, number];
  affine: Mat4;
  spacing: Vec3;
  slabs: Slab[];
  timeSource: string;
  assembleSeconds: number;
}

let assembled: Assembled | null = null;
let running: AbortController | null = null;

/** A CT perfusion series: CT whose slice positions repeat over time (classifySeries). */
export function isPerfusionSeries(series: SeriesEntry | null | undefined): boolean {
  return series?.kind === 'ctp';
}

export const DEFAULT_CONSTANTS: PerfusionConstants = {
  hematocritFactor: DEFAULT_HEMATOCRIT_FACTOR,
  density: DEFAULT_BRAIN_DENSITY,
  oscillationIndex: DEFAULT_OSCILLATION_INDEX,
};

const set = (change: Parameters<ReturnType<typeof usePerfusionStore.getState>['set']>[0]) => usePerfusionStore.getState().set(change);
/** Least time between two progress updates shown (ms): each one re-renders the panel. */
const PROGRESS_INTERVAL_MS = 100;

/** The maps on the perfusion worker pool, progress into the store a few times a second. */
function runEngine(a: Assembled, options: PerfusionOptions, signal: AbortSignal): Promise<PerfusionResult> {
  let shown = 0;
  return computePerfusionInWorkers({ data: a.data, dims: a.dims, spacing: a.spacing }, options, {
    signal,
    onProgress: (p) => {
      const now = performance.now();
      if (now - shown < PROGRESS_INTERVAL_MS && p.fraction < 1) return;
      shown = now;
      set({ progress: { stage: 'compute', fraction: p.fraction, etaSeconds: p.etaSeconds } });
    },
  });
}

async function assemble(series: SeriesEntry, sources: Map<string, FileSource>, signal: AbortSignal): Promise<Assembled> {
  if (assembled?.seriesUID === series.seriesInstanceUID) return assembled;
  // One 4D volume at a time: another series' (640 MiB at 512×512×16 × 40 frames) is let go before
  // this one is built, not after, or the renderer would hold both. Its curves are not shown meanwhile.
  assembled = null;
  const started = performance.now();
  const { plan, slabs, timeSource } = planPerfusion(series);
  // On a SharedArrayBuffer where the page may have one: the perfusion workers read it in place.
  const volume = await assembleVolume(plan, sources, createFrameDecoder(browserWasmLocator), {
    shared: true,
    signal,
    onProgress: (done, total) => set({ progress: { stage: 'assemble', fraction: total > 0 ? done / total : 1, etaSeconds: null } }),
  });
  return {
    seriesUID: series.seriesInstanceUID,
    data: volume.data,
    dims: volume.dims,
    affine: volume.affine,
    spacing: volume.spacing,
    slabs,
    timeSource,
    assembleSeconds: (performance.now() - started) / 1000,
  };
}

/**
 * Computes the perfusion maps of `series` (inputs found automatically unless the reader placed
 * them: linear voxel indices); resolves with the computation, or null when cancelled or failed
 * (the store's status and error say which).
 */
export async function computePerfusion(series: SeriesEntry, sources: Map<string, FileSource>, inputs: { aifVoxel?: number; vofVoxel?: number } = {}): Promise<PerfusionComputation | null> {
  running?.abort();
  const abort = new AbortController();
  running = abort;
  set({ status: 'running', progress: { stage: 'assemble', fraction: 0, etaSeconds: null }, error: null });
  try {
    const a = await assemble(series, sources, abort.signal);
    assembled = a;
    abort.signal.throwIfAborted();
    set({ progress: { stage: 'compute', fraction: 0, etaSeconds: null } });
    const started = performance.now();
    const constants = { ...DEFAULT_CONSTANTS };
    const out = await runEngine(a, { slabs: a.slabs, constants, ...inputs }, abort.signal);
    if (running !== abort) return null;
    const computeSeconds = (performance.now() - started) / 1000;
    const [nx, ny, nz] = a.dims;
    const curve = (c: PerfusionResult['aif']): InputCurve => {
      const voxel: Vec3 = [c.voxel % nx, Math.floor(c.voxel / nx) % ny, Math.floor(c.voxel / (nx * ny))];
      return { voxel, lpsMm: voxelToLps(a.affine, ...voxel), automatic: c.automatic, timesS: c.times, hu: c.hu };
    };
    const baselineOf = (k: number) => out.slabs.find((s) => k >= s.firstSlice && k < s.endSlice)?.baselineFrames ?? 1;
    const { ps, cbf, cbv, mtt, tmax, ttp } = out.maps;
    const result: PerfusionComputation = {
      kind: 'perfusion',
      generation: nextMapGeneration(),
      seriesUID: series.seriesInstanceUID,
      frameOfReferenceUID: series.frameOfReferenceUID,
      fitId: `perfusion-${crypto.randomUUID()}`,
      computedAt: new Date().toISOString(),
      constants,
      maps: { dims: [nx, ny, nz], affine: a.affine, scalars: { cbf, cbv, mtt, tmax, ttp, ps }, mask: out.mask },
      b0: baselineImage(a.data, a.dims, baselineOf),
      aif: curve(out.aif),
      vof: out.vof ? curve(out.vof) : null,
      slabs: out.slabs,
      frameTimes: { source: a.timeSource, slabs: a.slabs.map((s) => ({ firstSlice: s.firstSlice, endSlice: s.endSlice, timesS: s.times })) },
      tissueVoxels: out.tissueVoxels,
      spacing: a.spacing,
      seconds: { assemble: a.assembleSeconds, compute: computeSeconds },
    };
    // The assembly is reused by the next computation of the series: report it once.
    a.assembleSeconds = 0;
    running = null;
    set({ status: 'done', progress: null, result });
    return result;
  } catch (error) {
    if (running !== abort) return null;
    running = null;
    const cancelled = abort.signal.aborted;
    set({ status: cancelled ? 'cancelled' : 'error', progress: null, error: cancelled ? null : error instanceof Error ? error.message : String(error) });
    return null;
  }
}

export function cancelPerfusion(): void {
  running?.abort();
}

/** Computes the active viewport's CT perfusion series and shows its CBF there. */
export async function computePerfusionForActive(): Promise<void> {
  const { active, slots } = useViewportStore.getState();
  const { index, sources } = useStudyStore.getState();
  const series = findSeries(index, slots[active].seriesUID);
  if (!isPerfusionSeries(series)) return;
  const result = await computePerfusion(series!, sources);
  if (result) showPerfusionMapIn(active, 'cbf');
}

/** Shows perfusion map `name` in viewport `slot`, keeping its display choices when it already shows one. */
export function showPerfusionMapIn(slot: number, name: PerfusionMapName): void {
  const result = usePerfusionStore.getState().result;
  if (!result) return;
  const { slots, showMap } = useViewportStore.getState();
  const current = slots[slot].seriesUID === result.seriesUID ? slots[slot].map : null;
  const layer: MapLayer = current
    ? { ...current, map: name, colormap: current.map === name || current.colormap === 'grey' ? current.colormap : mapSpec(name).colormap }
    : { ...DEFAULT_LAYER, map: name, colormap: mapSpec(name).colormap, threshold: 0 };
  showMap(slot, result.seriesUID, layer);
}

/**
 * The reader placed the arterial input (or venous output) at `lps` (mm): the maps are computed
 * again with it, the other input kept as it was chosen (automatic stays automatic).
 */
export async function moveInput(which: 'aif' | 'vof', lps: Vec3): Promise<PerfusionComputation | null> {
  const result = usePerfusionStore.getState().result;
  const { index, sources } = useStudyStore.getState();
  const series = findSeries(index, result?.seriesUID ?? null);
  if (!result || !series || !assembled) return null;
  let voxel: number;
  try {
    voxel = pointToVoxel(assembled.affine, assembled.dims, lps);
  } catch (error) {
    set({ error: error instanceof Error ? error.message : String(error) });
    return null;
  }
  const [nx, ny] = assembled.dims;
  const linear = (c: InputCurve | null) => (c ? c.voxel[0] + nx * (c.voxel[1] + ny * c.voxel[2]) : -1);
  const inputs = {
    aifVoxel: which === 'aif' ? voxel : result.aif.automatic ? undefined : linear(result.aif),
    vofVoxel: which === 'vof' ? voxel : result.vof?.automatic === false ? linear(result.vof) : undefined,
  };
  set({ picking: null });
  return computePerfusion(series, sources, inputs);
}

/** Back to the automatic arterial and venous inputs. */
export async function automaticInputs(): Promise<PerfusionComputation | null> {
  const result = usePerfusionStore.getState().result;
  const { index, sources } = useStudyStore.getState();
  const series = findSeries(index, result?.seriesUID ?? null);
  return series ? computePerfusion(series, sources) : null;
}

/** The time curve (s, HU) of the voxel nearest `lps` on the computed series, or null off its grid. */
export function curveAt(lps: Vec3): { voxel: Vec3; timesS: number[]; hu: number[] } | null {
  if (!assembled) return null;
  const [nx, ny, nz, nt] = assembled.dims;
  let v: number;
  try {
    v = pointToVoxel(assembled.affine, assembled.dims, lps);
  } catch {
    return null;
  }
  const k = Math.floor(v / (nx * ny));
  if (k >= nz) return null;
  return {
    voxel: [v % nx, Math.floor(v / nx) % ny, k],
    timesS: slabOfSlice(assembled.slabs, k).times,
    hu: meanCurve(assembled.data, nx * ny * nz, nt, [v]),
  };
}

/** Mean time curve (HU) of an ROI on the computed series, with the times of its slab; null without voxels. */
export function roiCurve(roi: PlanarRoi): { timesS: number[]; hu: number[] } | null {
  if (!assembled) return null;
  const [nx, ny, nz, nt] = assembled.dims;
  const voxels = selectRoiVoxels(roi, [nx, ny, nz], assembled.affine).indices;
  if (voxels.length === 0) return null;
  const k = Math.floor(voxels[0] / (nx * ny));
  return { timesS: slabOfSlice(assembled.slabs, k).times, hu: meanCurve(assembled.data, nx * ny * nz, nt, voxels) };
}

/** Frame times of slice k of the computed series, s (cine time readout). */
export function frameTimesOfSlice(k: number): number[] | null {
  return assembled ? slabOfSlice(assembled.slabs, Math.min(k, assembled.dims[2] - 1)).times : null;
}

/** The maps the volumes threshold: CBF and Tmax smoothed in-plane (3×3) over the intracranial tissue, per computation. */
let thresholded: { generation: number; tissue: Uint8Array; cbf: Float32Array; tmax: Float32Array } | null = null;

function thresholdedMaps(result: PerfusionComputation): NonNullable<typeof thresholded> {
  if (thresholded?.generation === result.generation) return thresholded;
  const { dims, mask, scalars } = result.maps;
  const inside = intracranialMask(result.b0, dims);
  const tissue = mask.map((m, v) => m & inside[v]);
  thresholded = { generation: result.generation, tissue, cbf: smoothInPlane(scalars.cbf!, tissue, dims), tmax: smoothInPlane(scalars.tmax!, tissue, dims) };
  return thresholded;
}

/**
 * Core / hypoperfused / mismatch volumes of the current maps with the store's thresholds, counted
 * over the tissue inside the skull (intracranialMask on the unenhanced CT: scalp has brain-like
 * HU) on CBF and Tmax smoothed in-plane 3×3 (an unsmoothed deconvolution's single noisy voxels
 * would count as core). The hemispheres split at the mirror plane when one is estimated (else the sagittal plane through
 * the tissue's centroid); the reference hemisphere is the side of the reader's mirror ROI on
 * this series (contralateral to the lesion) when there is one, else the side with more flow.
 */
export function currentVolumes(): PerfusionVolumes | null {
  const { result, thresholds } = usePerfusionStore.getState();
  if (!result?.maps.scalars.cbf || !result.maps.scalars.tmax) return null;
  const plane = useMirrorStore.getState().plane;
  const rois = useRoiStore.getState().rois;
  // The panel and the overlay ask for the same volumes: counted once per change of what they depend on.
  if (lastVolumes && lastVolumes.result === result && lastVolumes.thresholds === thresholds && lastVolumes.plane === plane && lastVolumes.rois === rois) return lastVolumes.volumes;
  const { dims, affine, mask } = result.maps;
  const midline = plane ?? centroidPlane(mask, dims, affine);
  const mirror = rois.find((r) => r.roi.mirrorOf && r.key.seriesInstanceUID === result.seriesUID);
  let side: PlaneSide | undefined;
  if (mirror) {
    const c = mirror.roi.ellipse?.centre ?? mirror.roi.plane.origin;
    const d = (c[0] - midline.origin[0]) * midline.normal[0] + (c[1] - midline.origin[1]) * midline.normal[1] + (c[2] - midline.origin[2]) * midline.normal[2];
    side = d >= 0 ? '+' : '-';
  }
  const maps = thresholdedMaps(result);
  const volumes = perfusionVolumes(maps.cbf, maps.tmax, maps.tissue, dims, affine, midline, thresholds, side);
  lastVolumes = { result, thresholds, plane, rois, volumes };
  return volumes;
}

let lastVolumes: { result: PerfusionComputation; thresholds: unknown; plane: unknown; rois: unknown; volumes: PerfusionVolumes } | null = null;

/** The sagittal (LPS x) plane through the centroid of the tissue mask. */
function centroidPlane(mask: Uint8Array, dims: [number, number, number], affine: Mat4): { origin: Vec3; normal: Vec3 } {
  const [nx, ny, nz] = dims;
  const sum: Vec3 = [0, 0, 0];
  let n = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        if (!mask[i + nx * (j + ny * k)]) continue;
        const p = voxelToLps(affine, i, j, k);
        sum[0] += p[0];
        sum[1] += p[1];
        sum[2] += p[2];
        n++;
      }
  return { origin: n > 0 ? [sum[0] / n, sum[1] / n, sum[2] / n] : [0, 0, 0], normal: [1, 0, 0] };
}
