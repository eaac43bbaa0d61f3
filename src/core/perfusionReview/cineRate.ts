/**
 * How fast cine plays: a fixed number of frames per second, or the acquisition's own timing
 * (each frame held for its real interval to the next, divided by `speed`), which shows the bolus
 * as the scanner saw it: dense frames over the first pass, sparse ones after.
 */
export type CineRate = { kind: 'fps'; fps: number } | { kind: 'acquired'; speed: number };

/** Shortest hold of a frame, ms: a display refresh (faster only drops frames). */
const MIN_DELAY_MS = 16;

/**
 * Milliseconds to hold frame `frame` before the next, given its table position's increasing
 * frame times (s). Under acquired timing the last frame (before wrapping to the first) is held
 * for the first interval, so the loop's restart is visible but short; without times (or with
 * one frame) acquired timing falls back to one frame per second of scan time.
 */
export function cineDelayMs(rate: CineRate, times: readonly number[] | null, frame: number): number {
  if (rate.kind === 'fps') return Math.max(MIN_DELAY_MS, 1000 / rate.fps);
  let intervalS = 1;
  if (times && times.length > 1) {
    const f = Math.max(0, Math.min(times.length - 1, frame));
    intervalS = f < times.length - 1 ? times[f + 1] - times[f] : times[1] - times[0];
  }
  return Math.max(MIN_DELAY_MS, (intervalS * 1000) / rate.speed);
}
