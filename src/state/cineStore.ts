import { create } from 'zustand';

/** Which viewport plays cine (services/cineService drives the frames). */
interface CineState {
  /** The slot playing, null when stopped. */
  slot: number | null;
  setSlot(slot: number | null): void;
}

export const useCineStore = create<CineState>()((set) => ({
  slot: null,
  setSlot: (slot) => set({ slot }),
}));
