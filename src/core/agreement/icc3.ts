import { fRatioInterval, negligible } from './iccInterval';
import type { MeanSquares } from './meanSquares';
import { undefinedEstimate, type Estimate } from './types';

/**
 * ICC(3,1) (Shrout & Fleiss 1979; McGraw & Wong's ICC(C,1)): two-way mixed effects, single reader,
 * consistency — these k readers are the only ones of interest and a constant offset between them
 * is not disagreement.
 *   ICC = (MSR − MSE)/(MSR + (k − 1)MSE), with its F-based 95 % interval (F0 = MSR/MSE,
 *   df n − 1 and (n − 1)(k − 1)). Unitless, at most 1.
 */
export function icc3(ms: MeanSquares): Estimate {
  const { n, k } = ms;
  if (negligible(ms.rows, ms) && negligible(ms.error, ms)) {
    return undefinedEstimate(negligible(ms.columns, ms) ? 'all values are equal: no variance between or within cases' : 'no variance between cases once reader offsets are removed');
  }
  if (negligible(ms.error, ms)) return { value: 1, ci95: null, reason: 'readers agree exactly up to a constant offset (no residual variance): no interval' };
  const value = (ms.rows - ms.error) / (ms.rows + (k - 1) * ms.error);
  return { value, ci95: fRatioInterval(ms.rows / ms.error, n - 1, (n - 1) * (k - 1), k) };
}
