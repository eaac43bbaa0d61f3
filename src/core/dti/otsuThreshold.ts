/** Histogram bins for Otsu: fine enough for 12–16-bit MR intensities, coarse enough to be cheap. */
const BINS = 256;

/**
 * Otsu's threshold of an image's intensities (same unit as the values): the level that maximises
 * the between-class variance of a 256-bin histogram spanning [min, max]. Non-finite values are
 * ignored. Returns min when the image is constant.
 */
export function otsuThreshold(values: ArrayLike<number>): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) return Number.isFinite(lo) ? lo : 0;
  const hist = new Float64Array(BINS);
  const scale = BINS / (hi - lo);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const b = Math.min(BINS - 1, Math.floor((v - lo) * scale));
    hist[b]++;
    total++;
  }
  let sumAll = 0;
  for (let b = 0; b < BINS; b++) sumAll += b * hist[b];
  let w0 = 0;
  let sum0 = 0;
  let best = -1;
  let bestBin = 0;
  for (let b = 0; b < BINS - 1; b++) {
    w0 += hist[b];
    sum0 += b * hist[b];
    const w1 = total - w0;
    if (w0 === 0 || w1 === 0) continue;
    const mu0 = sum0 / w0;
    const mu1 = (sumAll - sum0) / w1;
    const between = w0 * w1 * (mu0 - mu1) * (mu0 - mu1);
    if (between > best) {
      best = between;
      bestBin = b;
    }
  }
  // Upper edge of the last background bin.
  return lo + (bestBin + 1) / scale;
}
