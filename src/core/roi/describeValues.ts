import type { RoiStats } from '../measure/types';
import { quantileSorted } from './quantileSorted';

/** The distribution part of RoiStats (everything but the map name and the geometry). */
export type ValueSummary = Pick<RoiStats, 'n' | 'mean' | 'sd' | 'median' | 'q1' | 'q3' | 'iqr' | 'min' | 'max'>;

/**
 * Summary of a sample in the values' own unit: mean; sample SD (n − 1 denominator, NaN for
 * n < 2); median, Q1, Q3 as type-7 quantiles (see quantileSorted); IQR = Q3 − Q1; min; max.
 * Mean and SD use a two-pass sum in float64 so float32 maps do not lose digits. An empty sample
 * gives n = 0 and NaN everywhere else, so a misplaced ROI shows as "no data", never as 0.
 */
export function describeValues(values: Float64Array): ValueSummary {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = n > 0 ? sum / n : NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  const sorted = values.slice().sort();
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  return {
    n,
    mean,
    sd: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN,
    median: quantileSorted(sorted, 0.5),
    q1,
    q3,
    iqr: q3 - q1,
    min: n > 0 ? sorted[0] : NaN,
    max: n > 0 ? sorted[n - 1] : NaN,
  };
}
