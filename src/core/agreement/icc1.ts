import { fRatioInterval, negligible } from './iccInterval';
import type { MeanSquares } from './meanSquares';
import { undefinedEstimate, type Estimate } from './types';

/**
 * ICC(1,1) (Shrout & Fleiss 1979; McGraw & Wong's ICC(1)): one-way random effects, single reader,
 * absolute agreement — each case read by its own random set of k readers.
 *   ICC = (MSR − MSW)/(MSR + (k − 1)MSW), with its F-based 95 % interval (F0 = MSR/MSW,
 *   df n − 1 and n(k − 1)). Unitless, at most 1 and at least −1/(k − 1).
 */
export function icc1(ms: MeanSquares): Estimate {
  const { n, k } = ms;
  if (negligible(ms.rows, ms) && negligible(ms.within, ms)) return undefinedEstimate('all values are equal: no variance between or within cases');
  if (negligible(ms.within, ms)) return { value: 1, ci95: null, reason: 'readers agree exactly (no within-case variance): no interval' };
  const value = (ms.rows - ms.within) / (ms.rows + (k - 1) * ms.within);
  return { value, ci95: fRatioInterval(ms.rows / ms.within, n - 1, n * (k - 1), k) };
}
