import { negligible } from './iccInterval';
import type { MeanSquares } from './meanSquares';
import { fQuantile } from './quantiles';
import { undefinedEstimate, type Estimate } from './types';

/**
 * ICC(2,1) (Shrout & Fleiss 1979; McGraw & Wong's ICC(A,1)): two-way random effects, single reader,
 * absolute agreement — the readers are a random sample of readers and an offset between them counts
 * as disagreement.
 *   ICC = (MSR − MSE)/(MSR + (k − 1)MSE + k(MSC − MSE)/n).
 * 95 % interval: Satterthwaite's approximate df v for the denominator (Shrout & Fleiss 1979, eq. for
 * ICC(2,1); McGraw & Wong 1996, Table 7 case 2A), F* = F_{.975}(n − 1, v), F** = F_{.975}(v, n − 1):
 *   lower = n(MSR − F*·MSE)/(F*(k·MSC + (kn − k − n)MSE) + n·MSR)
 *   upper = n(F**·MSR − MSE)/(k·MSC + (kn − k − n)MSE + n·F**·MSR).
 * Unitless, at most 1. Below 0 (readers differ more than cases) the approximation is poor: in tiny
 * samples with MSC < MSE the estimate can fall below −1 and outside its interval; read it as "no
 * reliability", as the literature does.
 */
export function icc2(ms: MeanSquares): Estimate {
  const { n, k, rows: msr, columns: msc, error: mse } = ms;
  if (negligible(msr, ms) && negligible(mse, ms) && negligible(msc, ms)) return undefinedEstimate('all values are equal: no variance between or within cases');
  const value = (msr - mse) / (msr + (k - 1) * mse + (k * (msc - mse)) / n);
  if (negligible(mse, ms)) return { value, ci95: null, reason: 'no residual variance (readers agree up to a constant offset): no interval' };
  const fj = msc / mse;
  const a = n * (1 + (k - 1) * value) - k * value;
  const v = ((k - 1) * (n - 1) * (k * value * fj + a) ** 2) / ((n - 1) * k ** 2 * value ** 2 * fj ** 2 + a ** 2);
  const fLow = fQuantile(0.975, n - 1, v);
  const fHigh = fQuantile(0.975, v, n - 1);
  const c = k * msc + (k * n - k - n) * mse;
  // The bounds above divided through by F* and F**: a quantile of a tiny v can be ~1e15 or more.
  const lower = (n * (msr / fLow - mse)) / (c + (n * msr) / fLow);
  const upper = (n * (msr - mse / fHigh)) / (c / fHigh + n * msr);
  return { value, ci95: [lower, upper] };
}
