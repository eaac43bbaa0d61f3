import { argMax } from './argMax';

/**
 * Index of the first frame of the Patlak phase: the first frame at least `margin` seconds after the
 * arterial first pass ends, the first pass ending when the AIF (ΔHU at the frame times, s) falls
 * below `fraction` of its peak after the peak. The margin (default 25 s) lets recirculation (peaking ~10–15 s after the first pass) pass and delayed and
 * dispersed tissue (Tmax up to ~10 s) finish its own first pass too. Returns times.length when
 * the acquisition ends before then (no Patlak phase).
 */
export function firstPassEnd(times: ArrayLike<number>, aif: ArrayLike<number>, fraction = 0.3, margin = 25): number {
  const peak = argMax(aif);
  let end = peak;
  while (end < aif.length && aif[end] > fraction * aif[peak]) end++;
  if (end >= aif.length) return times.length;
  const start = times[end] + margin;
  let i = end;
  while (i < times.length && times[i] < start) i++;
  return i;
}
