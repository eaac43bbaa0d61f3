import { create } from 'zustand';

interface SyncState {
  /** Linked scrolling on: viewports in the same frame of reference follow the one being scrolled. */
  linked: boolean;
  /**
   * Manual sync (two timepoints, different frames of reference): per slot, the slice location
   * (mm along the slice normal) captured when the reader locked them; offsets between slots are kept.
   * null = only same-frame viewports follow.
   */
  manualOffsets: Record<number, number> | null;
  toggleLinked(): void;
  setManualOffsets(offsets: Record<number, number> | null): void;
}

export const useSyncStore = create<SyncState>()((set) => ({
  linked: true,
  manualOffsets: null,
  toggleLinked: () => set((s) => ({ linked: !s.linked })),
  setManualOffsets: (manualOffsets) => set({ manualOffsets }),
}));
