import { create } from 'zustand';
import type { SeriesEntry } from '../core/dicom/types';
import type { FileSource } from '../core/io/FileSource';
import type { DtiMaps, Estimator } from '../core/dti/types';
import { nextMapGeneration } from '../viewer/mapSet';
import { runDtiPipeline, type PipelineProgress } from './dtiPipeline';

/** A finished fit, tagged so map volumes built from it get ids no other fit reuses. */
export interface DtiResult {
  /** Increases with every fit; part of the Cornerstone volume ids. */
  generation: number;
  seriesUID: string;
  frameOfReferenceUID: string | null;
  estimator: Estimator;
  /** Names this fit in the record of every statistic computed on its maps. */
  fitId: string;
  /** Otsu factor of the brain mask the fit used (the slider may have moved since). */
  maskThreshold: number;
  /** Distinct b-values of the series, s/mm². */
  bValues: number[];
  /** ISO 8601 UTC time the fit finished. */
  fittedAt: string;
  maps: DtiMaps;
  /** Mean b0, signal units, the maps' voxel order. */
  b0: Float32Array;
  /** Seconds the assembly and the fit took (shown in the panel, asked for by the benchmark). */
  seconds: { assemble: number; fit: number };
}

export type DtiStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

interface DtiState {
  estimator: Estimator;
  /** Mask threshold as a factor on the Otsu threshold of the mean b0 (1 = Otsu). */
  maskThreshold: number;
  status: DtiStatus;
  progress: PipelineProgress | null;
  error: string | null;
  result: DtiResult | null;
  abort: AbortController | null;
  setEstimator(estimator: Estimator): void;
  setMaskThreshold(factor: number): void;
  /** Assembles and fits a DWI series; resolves with the result, or null when cancelled or failed (status says which). */
  compute(series: SeriesEntry, sources: Map<string, FileSource>): Promise<DtiResult | null>;
  cancel(): void;
  clear(): void;
}

/** Least time between two progress updates of one stage (ms). */
const PROGRESS_INTERVAL_MS = 100;

export const useDtiStore = create<DtiState>()((set, get) => ({
  estimator: 'wls',
  maskThreshold: 1,
  status: 'idle',
  progress: null,
  error: null,
  result: null,
  abort: null,
  setEstimator: (estimator) => set({ estimator }),
  setMaskThreshold: (maskThreshold) => set({ maskThreshold }),
  async compute(series, sources) {
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
  },
  cancel: () => get().abort?.abort(),
  clear: () => {
    get().abort?.abort();
    set({ status: 'idle', progress: null, error: null, result: null, abort: null });
  },
}));
