import { create } from 'zustand';
import type { OverlayClasses } from '../core/perfusionReview/overlayLabels';

interface PerfusionVolumesState {
  /** Which thresholded classes the overlay draws on the perfusion viewports. */
  shown: OverlayClasses;
  set(change: Partial<Omit<PerfusionVolumesState, 'set'>>): void;
}

/** The perfusion volume overlay's display choices (the volumes themselves are in the record). */
export const usePerfusionVolumesStore = create<PerfusionVolumesState>()((set) => ({
  shown: { core: true, hypoperfused: true, mismatch: false },
  set: (change) => set(change),
}));
