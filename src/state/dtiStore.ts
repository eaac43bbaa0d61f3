import { create } from 'zustand';
import type { DtiMaps, Estimator } from '../core/dti/types';
import type { PipelineProgress } from '../services/dtiPipeline';

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
  set(change: Partial<Pick<DtiState, 'status' | 'progress' | 'error' | 'result' | 'abort'>>): void;
}

/** The DTI fit of the study: settings, the running fit's progress, the finished fit (services/dtiService runs it). */
export const useDtiStore = create<DtiState>()((set) => ({
  estimator: 'wls',
  maskThreshold: 1,
  status: 'idle',
  progress: null,
  error: null,
  result: null,
  abort: null,
  setEstimator: (estimator) => set({ estimator }),
  setMaskThreshold: (maskThreshold) => set({ maskThreshold }),
  set: (change) => set(change),
}));
