import type { CurveFeatures } from './curveFeatures';

/**
 * Index of the venous output (superior sagittal sinus) among candidate vessel curves: the highest
 * peak among curves peaking at least `minLag` s (default 2 s) after the chosen AIF's peak, as the
 * large sinus, free of partial volume, does. Returns -1 when no curve peaks late enough.
 */
export function selectVof(candidates: readonly CurveFeatures[], aifTtp: number, minLag = 2): number {
  let best = -1;
  let bestPeak = 0;
  candidates.forEach((c, i) => {
    if (c.ttp >= aifTtp + minLag && c.peak > bestPeak) {
      bestPeak = c.peak;
      best = i;
    }
  });
  return best;
}
