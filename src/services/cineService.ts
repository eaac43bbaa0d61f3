import { useCineStore } from '../state/cineStore';

let timer: ReturnType<typeof setTimeout> | null = null;

/**
 * Starts cine on `slot`, or stops it when that slot already plays (another slot playing hands
 * over). `step` shows the next frame and returns how long to hold it, ms (frames may be held
 * unequally: a CT perfusion played at its acquired timing), or null to stop (what the slot
 * showed is gone).
 */
export function toggleCineOn(slot: number, step: () => number | null): void {
  const playing = useCineStore.getState().slot;
  stopCine();
  if (playing === slot) return;
  useCineStore.getState().setSlot(slot);
  const tick = () => {
    const hold = step();
    if (hold === null) stopCine();
    // Stopped meanwhile (a key, another slot): no next frame.
    else if (useCineStore.getState().slot === slot) timer = setTimeout(tick, hold);
  };
  tick();
}

export function stopCine(): void {
  if (timer) clearTimeout(timer);
  timer = null;
  useCineStore.getState().setSlot(null);
}
