import { create } from 'zustand';

/** Frames per second of cine through the volumes of a multi-volume series (b-values / directions). */
export const CINE_FPS = 4;

interface CineState {
  /** The slot playing, null when stopped. */
  slot: number | null;
  timer: ReturnType<typeof setInterval> | null;
  /** Starts cine on `slot` calling `step` every frame, or stops it when already playing. */
  toggle(slot: number, step: () => void): void;
  stop(): void;
}

export const useCineStore = create<CineState>()((set, get) => ({
  slot: null,
  timer: null,
  toggle(slot, step) {
    const { timer } = get();
    if (timer) {
      get().stop();
      return;
    }
    set({ slot, timer: setInterval(step, 1000 / CINE_FPS) });
  },
  stop() {
    const { timer } = get();
    if (timer) clearInterval(timer);
    set({ slot: null, timer: null });
  },
}));
