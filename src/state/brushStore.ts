import { create } from 'zustand';
import type { MeasurementKey, RoiStats } from '../core/measure/types';

/** The brush-painted lesion of the current fit: its statistics on every map (volumeMl set, no areaMm2). */
export interface BrushLesion {
  key: MeasurementKey;
  stats: RoiStats[];
  voxels: number;
}

interface BrushState {
  brush: BrushLesion | null;
  /** When the brush lesion of `brush.key` was last stored (ISO 8601), null until saved or restored. */
  brushSavedAt: string | null;
  set(change: Partial<Omit<BrushState, 'set'>>): void;
}

export const useBrushStore = create<BrushState>()((set) => ({
  brush: null,
  brushSavedAt: null,
  set: (change) => set(change),
}));
