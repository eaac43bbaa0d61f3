import type { CurveFeatures } from './curveFeatures';

/**
 * Index of the arterial input among candidate vessel curves (their features; ΔHU, s): of the
 * curves peaking at least half as high as the highest, those arriving within `earlyWindow` s
 * (default 2 s) of the earliest; of these, the one with the highest, narrowest peak (largest
 * peak / FWHM), as an artery feeding the brain is. Returns -1 for no candidate.
 */
export function selectAif(candidates: readonly CurveFeatures[], earlyWindow = 2): number {
  let highest = 0;
  for (const c of candidates) highest = Math.max(highest, c.peak);
  if (!(highest > 0)) return -1;
  let earliest = Infinity;
  for (const c of candidates) if (c.peak >= highest / 2) earliest = Math.min(earliest, c.ttp);
  let best = -1;
  let bestScore = -Infinity;
  candidates.forEach((c, i) => {
    if (c.peak < highest / 2 || c.ttp > earliest + earlyWindow) return;
    const score = c.peak / Math.max(c.fwhm, 1e-6);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return best;
}
