import { tQuantile } from './quantiles';
import { undefinedEstimate, type Estimate } from './types';

/** Bland–Altman analysis of two readers' paired measurements, in the unit of the measure. */
export interface BlandAltman {
  /** Cases with both readers' values. */
  n: number;
  /** Mean difference A − B, with its t interval (SE = SD/√n). */
  bias: Estimate;
  /** Sample standard deviation (n − 1) of the differences; null below 2 cases. */
  sdDifference: number | null;
  /** 95 % limits of agreement bias ∓ 1.96·SD, each with its approximate t interval (SE below). */
  loaLow: Estimate;
  loaHigh: Estimate;
  /** One point per case for the plot: mean of the two readers (x) and their difference A − B (y). */
  points: { mean: number; difference: number }[];
}

/**
 * Bland & Altman (1986): differences d = a − b of paired values (reader A minus reader B, same unit),
 * bias = mean(d), limits of agreement bias ± 1.96·SD(d). Intervals (Bland & Altman 1999, §4.2): the
 * bias's SE is SD/√n, each limit's SE is SD·√(1/n + 1.96²/(2(n − 1))), both with t_{.975, n−1}.
 * Fewer than 2 pairs leave the SD, limits and intervals undefined (null with a reason).
 */
export function blandAltman(a: readonly number[], b: readonly number[]): BlandAltman {
  if (a.length !== b.length) throw new Error(`Bland–Altman needs paired values: ${a.length} vs ${b.length}`);
  const n = a.length;
  const points = a.map((x, i) => ({ mean: (x + b[i]) / 2, difference: x - b[i] }));
  if (n < 2) {
    const reason = `${n} case${n === 1 ? '' : 's'} with both readers: at least 2 are needed`;
    const none = undefinedEstimate(reason);
    return { n, bias: n === 1 ? { value: points[0].difference, ci95: null, reason } : none, sdDifference: null, loaLow: none, loaHigh: none, points };
  }
  const bias = points.reduce((s, p) => s + p.difference, 0) / n;
  const sd = Math.sqrt(points.reduce((s, p) => s + (p.difference - bias) ** 2, 0) / (n - 1));
  const t = tQuantile(0.975, n - 1);
  const biasHalf = (t * sd) / Math.sqrt(n);
  const loaHalf = t * sd * Math.sqrt(1 / n + 1.96 ** 2 / (2 * (n - 1)));
  const limit = (value: number): Estimate => ({ value, ci95: [value - loaHalf, value + loaHalf] });
  return {
    n,
    bias: { value: bias, ci95: [bias - biasHalf, bias + biasHalf] },
    sdDifference: sd,
    loaLow: limit(bias - 1.96 * sd),
    loaHigh: limit(bias + 1.96 * sd),
    points,
  };
}
