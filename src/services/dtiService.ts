import type { SeriesEntry } from '../core/dicom/types';
import { nextMapGeneration } from '../viewer/mapSet';
import type { FileSource } from '../core/io/FileSource';
import { useDtiStore, type DtiResult } from '../state/dtiStore';
import { runDtiPipeline } from './dtiPipeline';

/**
 * Runs the DTI fit of a series for the workstation: one fit at a time (a new one cancels the
 * running one), progress a few times a second, the finished fit tagged with its provenance
 * (fit id, estimator, mask threshold, b-values, time) and put in the DTI store.
 */

/** Least time between two progress updates of one stage (ms). */
const PROGRESS_INTERVAL_MS = 100;

const get = () => useDtiStore.getState();
const set = (change: Parameters<ReturnType<typeof get>['set']>[0]) => get().set(change);

/** Assembles and fits a DWI series; resolves with the result, or null when cancelled or failed (the store's status says which). */
export async function computeDti(series: SeriesEntry, sources: Map<string, FileSource>): Promise<DtiResult | null> {
  get().abort?.abort();
  const abort = new AbortController();
  const { estimator, maskThreshold } = get();
  set({ status: 'running', progress: { stage: 'assemble', fraction: 0, etaSeconds: null }, error: null, abort });
  const started = performance.now();
  let fitStarted = started;
  let shown = { stage: 'assemble', at: started };
  try {
    const out = await runDtiPipeline(series, sources, {
      estimator,
      maskThreshold,
      signal: abort.signal,
      onProgress: (p) => {
        const now = performance.now();
        if (p.stage === 'fit' && fitStarted === started) fitStarted = now;
        // A few updates a second: assembling from memory reports hundreds of files in one task, each a re-render.
        if (get().abort !== abort || (p.stage === shown.stage && now - shown.at < PROGRESS_INTERVAL_MS && p.fraction < 1)) return;
        shown = { stage: p.stage, at: now };
        set({ progress: p });
      },
    });
    if (get().abort !== abort) return null;
    const result: DtiResult = {
      generation: nextMapGeneration(),
      seriesUID: series.seriesInstanceUID,
      frameOfReferenceUID: series.frameOfReferenceUID,
      estimator,
      fitId: `fit-${crypto.randomUUID()}`,
      maskThreshold,
      bValues: [...series.bValues],
      fittedAt: new Date().toISOString(),
      maps: out.maps,
      b0: out.b0,
      seconds: { assemble: (fitStarted - started) / 1000, fit: (performance.now() - fitStarted) / 1000 },
    };
    set({ status: 'done', progress: null, abort: null, result });
    return result;
  } catch (error) {
    if (get().abort !== abort) return null;
    const cancelled = abort.signal.aborted;
    set({
      status: cancelled ? 'cancelled' : 'error',
      progress: null,
      abort: null,
      error: cancelled ? null : error instanceof Error ? error.message : String(error),
    });
    return null;
  }
}

/** Cancels the running fit, if any. */
export function cancelDti(): void {
  get().abort?.abort();
}

/** Cancels any fit and forgets the finished one. */
export function clearDti(): void {
  get().abort?.abort();
  set({ status: 'idle', progress: null, error: null, result: null, abort: null });
}
