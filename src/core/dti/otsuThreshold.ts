/** Histogram bins for Otsu: fine enough for 12–16-bit MR intensities, coarse enough to be cheap. */
const BINS = 256;

/**
 * Otsu's threshold of an image's intensities (same unit as the values): the level that maximises
 * the between-class variance of a 256-bin histogram spanning [min, max]. Non-finite values are
 * ignored. Returns min when the image is constant.
 */
export function otsuThreshold(values: ArrayLike<number>): number {
  // The two passes over the image are functions of their own (see brainMask's aboveThreshold).
  const [lo, hi] = finiteRange(values);
  return otsuThresholdFrom(lo, hi, hi > lo ? histogram(values, lo, BINS / (hi - lo)) : null);
}

/**
 * Otsu's threshold from an image's finite range [lo, hi] and, when hi > lo, its BINS-bin histogram
 * over it (counts; what the WebAssembly kernel's rangeHistogram also makes): lo when the image is
 * constant, 0 when it has no finite value.
 */
export function otsuThresholdFrom(lo: number, hi: number, hist: Float64Array | null): number {
  if (!(hi > lo) || hist === null) return Number.isFinite(lo) ? lo : 0;
  const scale = BINS / (hi - lo);
  let total = 0;
  for (let b = 0; b < BINS; b++) total += hist[b];
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

/** Smallest and largest finite value ([Infinity, −Infinity] when there is none). */
function finiteRange(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** Counts of the finite values in BINS bins of width 1/scale from lo (the top bin closed). */
function histogram(values: ArrayLike<number>, lo: number, scale: number): Float64Array {
  const hist = new Float64Array(BINS);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    hist[Math.min(BINS - 1, Math.floor((v - lo) * scale))]++;
  }
  return hist;
}
