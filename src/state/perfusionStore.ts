import { create } from 'zustand';
import type { Vec3 } from '../core/math/types';
import type { PerfusionConstants } from '../core/perfusion/types';
import type { PerfusionResult } from '../core/perfusion/perfusionMaps';
import type { VolumeThresholds } from '../core/perfusionReview/perfusionVolumes';
import { DEFAULT_VOLUME_THRESHOLDS } from '../core/perfusionReview/perfusionVolumes';
import type { MapSet } from '../viewer/mapSet';

/** An input curve as computed with: its voxel (i, j, k), LPS mm, whether found automatically, and its curve (s, HU). */
export interface InputCurve {
  voxel: Vec3;
  lpsMm: Vec3;
  automatic: boolean;
  timesS: number[];
  hu: number[];
}

/** A finished perfusion computation of one CT perfusion series, as the viewer, the curves and the record use it. */
export interface PerfusionComputation extends MapSet {
  kind: 'perfusion';
  /** Names this computation in the record of every statistic measured on its maps. */
  fitId: string;
  /** ISO 8601 UTC time it finished. */
  computedAt: string;
  constants: PerfusionConstants;
  aif: InputCurve;
  vof: InputCurve | null;
  /** Per table position: slices, baseline frames, Patlak start (s), grid interval, AIF partial-volume scale. */
  slabs: PerfusionResult['slabs'];
  /** Where the frame times came from (DICOM attribute) and each table position's times, s. */
  frameTimes: { source: string; slabs: { firstSlice: number; endSlice: number; timesS: number[] }[] };
  tissueVoxels: number;
  spacing: Vec3;
  /** Seconds reading the images and computing the maps took (panel and benchmark). */
  seconds: { assemble: number; compute: number };
}

export type PerfusionStage = 'assemble' | 'compute';
export interface PerfusionProgress {
  stage: PerfusionStage;
  /** Of the stage, 0…1. */
  fraction: number;
  /** Seconds left of the computation, when the pool can tell. */
  etaSeconds: number | null;
}

interface PerfusionState {
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  progress: PerfusionProgress | null;
  error: string | null;
  result: PerfusionComputation | null;
  /** Thresholds of the core / hypoperfusion / mismatch volumes (documented in perfusionVolumes.ts). */
  thresholds: VolumeThresholds;
  /** A time curve the reader points at on the CTP (voxel and its curve), shown in the curves panel. */
  cursorCurve: { voxel: Vec3; hu: number[]; timesS: number[] } | null;
  /** Clicking the image picks this input instead of probing ('aif' / 'vof'); null when not picking. */
  picking: 'aif' | 'vof' | null;
  set(change: Partial<Omit<PerfusionState, 'set'>>): void;
}

export const usePerfusionStore = create<PerfusionState>()((set) => ({
  status: 'idle',
  progress: null,
  error: null,
  result: null,
  thresholds: DEFAULT_VOLUME_THRESHOLDS,
  cursorCurve: null,
  picking: null,
  set: (change) => set(change),
}));
