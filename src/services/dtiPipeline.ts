import type { DicomIndex, SeriesEntry } from '../core/dicom/types';
import { planSeries } from '../core/dicom/geometry/planSeries';
import type { FileSource } from '../core/io/FileSource';
import { B0_THRESHOLD } from '../core/dti/fitScheme';
import { meanB0 } from '../core/dti/meanB0';
import type { DtiMaps, Estimator, FitProgress } from '../core/dti/types';
import { assembleVolume } from '../core/volume/assembleVolume';
import { browserWasmLocator } from '../codecs/browserWasmLocator';
import { createFrameDecoder } from '../codecs/createFrameDecoder';
import { fitVolumeInWorkers, prestartDtiWorkers } from '../workers/dtiPool';

/** Which step of Compute is running, and how far it is (fraction 0..1, ETA seconds when known). */
export interface PipelineProgress {
  stage: 'assemble' | 'fit';
  fraction: number;
  etaSeconds: number | null;
}

/** What Compute produces: the maps, plus the mean b0 (signal units, same voxels) the maps are fused over. */
export interface PipelineOutput {
  maps: DtiMaps;
  b0: Float32Array;
}

/** A series Compute can fit: diffusion-weighted, at least 6 directions, gradients known. */
export function isFittable(series: SeriesEntry | null | undefined): boolean {
  return series?.kind === 'dwi' && series.directionCount >= 6 && !series.diffusionProblem;
}

/**
 * Starts and warms the DTI workers when a just-indexed folder holds a series to fit (unless they
 * already wait, started with the app or kept from a fit), so Compute does not pay for their
 * start (module load, WebAssembly compile, cold JIT: ~0.1 s).
 */
export function prepareDtiWorkers(index: DicomIndex | null, estimator: Estimator): void {
  if (index?.patients.some((p) => p.studies.some((st) => st.series.some(isFittable)))) warmDtiWorkers(estimator);
}

/** Starts and warms the DTI workers now (the app just opened: done long before a folder is picked and fitted). */
export function warmDtiWorkers(estimator: Estimator): void {
  if (typeof Worker !== 'undefined') prestartDtiWorkers(estimator);
}

/**
 * DWI series → DTI maps in the renderer: plan from headers, assemble every frame into one
 * float volume (Cornerstone's codecs), then the tensor fit on the worker pool. The assembled
 * 4-D volume is dropped once the mean b0 is taken, so only the maps stay in memory.
 */
export async function runDtiPipeline(
  series: SeriesEntry,
  sources: Map<string, FileSource>,
  opts: { estimator: Estimator; maskThreshold: number; signal: AbortSignal; onProgress(p: PipelineProgress): void },
): Promise<PipelineOutput> {
  const plan = planSeries(series);
  // On a SharedArrayBuffer where the page may have one (cross-origin isolated): the fit workers read it in place, no slab copies.
  const volume = await assembleVolume(plan, sources, createFrameDecoder(browserWasmLocator), {
    shared: true,
    signal: opts.signal,
    onProgress: (done, total) => opts.onProgress({ stage: 'assemble', fraction: total > 0 ? done / total : 1, etaSeconds: null }),
  });
  opts.signal.throwIfAborted();
  opts.onProgress({ stage: 'fit', fraction: 0, etaSeconds: null });
  const fitting = fitVolumeInWorkers(volume, {
    estimator: opts.estimator,
    maskThreshold: opts.maskThreshold,
    signal: opts.signal,
    onProgress: (p: FitProgress) => opts.onProgress({ stage: 'fit', fraction: p.fraction, etaSeconds: p.etaSeconds }),
  });
  // The displayed b0 is taken while the workers make the mask and fit, not before they start.
  const [nx, ny, nz] = volume.dims;
  const b0Volumes = volume.bValues.flatMap((b, t) => (b < B0_THRESHOLD && !volume.excluded[t] ? [t] : []));
  const b0 = meanB0(volume.data, nx * ny * nz, b0Volumes);
  return { maps: await fitting, b0 };
}
