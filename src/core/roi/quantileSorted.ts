/**
 * Quantile p ∈ [0, 1] of ascending-sorted values by linear interpolation between order
 * statistics: Hyndman & Fan type 7, the default of R's quantile() and numpy.percentile.
 * h = (n − 1)·p; q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). NaN for an empty sample.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
