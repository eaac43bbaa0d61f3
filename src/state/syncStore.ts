import { create } from 'zustand';
import type { Vec3 } from '../core/math/types';

/** The crosshair point: patient LPS mm in the frame of the viewport it was set in. */
export interface CrosshairPoint {
  point: Vec3;
  /** The viewport slot the reader clicked; others show it through frame of reference or manual sync. */
  slot: number;
}

interface SyncState {
  /** Linked scrolling on: viewports in the same frame of reference follow the one being scrolled. */
  linked: boolean;
  /**
   * Manual sync (two timepoints, different frames of reference): per slot, the slice location
   * (mm along the slice normal) captured when the reader locked them; offsets between slots are kept.
   * null = only same-frame viewports follow.
   */
  manualOffsets: Record<number, number> | null;
  /** Crosshair mode: the left button sets the crosshair instead of running the primary tool. */
  crosshairOn: boolean;
  /** The last point set, null before the first click (or after switching the mode off). */
  crosshair: CrosshairPoint | null;
  toggleLinked(): void;
  setManualOffsets(offsets: Record<number, number> | null): void;
  toggleCrosshair(): void;
  setCrosshair(crosshair: CrosshairPoint | null): void;
}

export const useSyncStore = create<SyncState>()((set) => ({
  linked: true,
  manualOffsets: null,
  crosshairOn: false,
  crosshair: null,
  toggleLinked: () => set((s) => ({ linked: !s.linked })),
  setManualOffsets: (manualOffsets) => set({ manualOffsets }),
  toggleCrosshair: () => set((s) => ({ crosshairOn: !s.crosshairOn, crosshair: null })),
  setCrosshair: (crosshair) => set({ crosshair }),
}));
