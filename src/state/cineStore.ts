import { create } from 'zustand';
import type { CineRate } from '../core/perfusionReview/cineRate';

/** Frames per second cine starts at (volumes of a diffusion series, time frames of a CT perfusion). */
export const DEFAULT_CINE_RATE: CineRate = { kind: 'fps', fps: 4 };

/** Which viewport plays cine, and how fast (services/cineService drives the frames). */
interface CineState {
  /** The slot playing, null when stopped. */
  slot: number | null;
  rate: CineRate;
  setSlot(slot: number | null): void;
  setRate(rate: CineRate): void;
}

export const useCineStore = create<CineState>()((set) => ({
  slot: null,
  rate: DEFAULT_CINE_RATE,
  setSlot: (slot) => set({ slot }),
  setRate: (rate) => set({ rate }),
}));
