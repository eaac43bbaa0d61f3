import type { Slab } from './slabOfSlice';
import type { PerfusionSmoothing } from './smoothing';
import type { TissueWindow } from './tissueMask';
import type { PerfusionConstants } from './types';

/** What to compute, besides the volume: the same for the single-thread engine and the worker pool. */
export interface PerfusionOptions {
  /** Table positions with their frame times (s), covering every slice (planPerfusion's slabs). */
  slabs: readonly Slab[];
  constants: PerfusionConstants;
  /** Arterial input voxel (linear index i + nx·(j + ny·k)). Neither this nor aifMask: found automatically. */
  aifVoxel?: number;
  /** Arterial input region: nx·ny·nz values in the volume's voxel order, non-zero inside; its mean curve is the AIF. */
  aifMask?: Uint8Array;
  /** Venous output voxel; -1: none (no partial-volume correction). Neither this nor vofMask: automatic. */
  vofVoxel?: number;
  /** Venous output region, as aifMask. */
  vofMask?: Uint8Array;
  tissue?: TissueWindow;
  /** Optional temporal / in-plane smoothing (default none). */
  smoothing?: PerfusionSmoothing;
}

/** True when the AIF or the VOF is to be found automatically (the volume is scanned for vessels). */
export function needsCandidates(o: PerfusionOptions): boolean {
  return (o.aifVoxel === undefined && !o.aifMask) || (o.vofVoxel === undefined && !o.vofMask);
}
