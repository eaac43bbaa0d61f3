import { useCineStore } from '../state/cineStore';

/** Frames per second of cine through the volumes of a multi-volume series (b-values / directions). */
export const CINE_FPS = 4;

let timer: ReturnType<typeof setInterval> | null = null;

/** Starts cine on `slot` calling `step` every frame, or stops it when already playing. */
export function toggleCineOn(slot: number, step: () => void): void {
  if (timer) {
    stopCine();
    return;
  }
  timer = setInterval(step, 1000 / CINE_FPS);
  useCineStore.getState().setSlot(slot);
}

export function stopCine(): void {
  if (timer) clearInterval(timer);
  timer = null;
  useCineStore.getState().setSlot(null);
}
