import { useCineStore } from '../state/cineStore';

let timer: ReturnType<typeof setTimeout> | null = null;

/**
 * Starts cine on `slot`, or stops it when that slot already plays (another slot playing hands
 * over). `step` shows the next frame and returns how long to hold it, ms: frames may be held
 * unequally (a CT perfusion played at its acquired timing).
 */
export function toggleCineOn(slot: number, step: () => number): void {
  const playing = useCineStore.getState().slot;
  stopCine();
  if (playing === slot) return;
  useCineStore.getState().setSlot(slot);
  const tick = () => {
    timer = setTimeout(tick, step());
  };
  tick();
}

export function stopCine(): void {
  if (timer) clearTimeout(timer);
  timer = null;
  useCineStore.getState().setSlot(null);
}
