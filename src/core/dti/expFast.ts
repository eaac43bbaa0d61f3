/**
 * eˣ for the tensor fit's predicted signals (x = ln S, so |x| ≲ 25 in practice) without
 * Math.exp: the fit takes 30–90 exponentials per voxel and Math.exp is a call into the runtime,
 * while this is two table look-ups and a degree-4 polynomial that the JIT inlines.
 * Relative error < 3e-15 wherever eˣ is a normal double; overflow gives +Infinity, underflow 0,
 * NaN stays NaN, like Math.exp (the fit relies on that to flag failed voxels).
 */

/** eˣ = 2^(k/32) · eʳ with k = round(32x / ln 2), |r| ≤ ln 2 / 64. */
const STEPS = 32;
const INV_STEP = STEPS / Math.LN2;
/**
 * ln 2 / 32 split so that k · STEP_HI is exact for |k| < 2²⁹ (Cody–Waite reduction): STEP_HI is
 * its float32 rounding, STEP_LO the remainder from a 50-digit ln 2 (Math.LN2 / 32 − STEP_HI
 * would lose ~1e-17 relative, i.e. 7e-15 of eˣ near |x| = 700).
 */
const STEP_HI = 0.021660849452018738;
const STEP_LO = -5.952044687368025e-11;

/**
 * 2^(1 + j/32), j = 0…31, and 2^(n − 1) for n = MIN_POW … 1024 (index n − MIN_POW): the factor 2
 * is moved into the fraction so that eˣ just below the overflow threshold (n = 1024) stays finite.
 */
const FRACTION = Float64Array.from({ length: STEPS }, (_, j) => 2 ** (1 + j / STEPS));
const MIN_POW = -1080;
const POW2 = Float64Array.from({ length: 1025 - MIN_POW }, (_, i) => 2 ** (i + MIN_POW - 1));

/** Beyond these eˣ is +Infinity / 0 in double precision. */
const OVERFLOW = 709.782712893384;
const UNDERFLOW = -745.1332191019412;

/** eˣ, see above. */
export function expFast(x: number): number {
  if (!(x < OVERFLOW)) return x > 0 ? Infinity : x + 0; // +Infinity, or NaN (x + 0 keeps NaN)
  if (x < UNDERFLOW) return 0;
  const k = Math.floor(x * INV_STEP + 0.5);
  const r = x - k * STEP_HI - k * STEP_LO;
  const ki = k | 0;
  // eʳ − 1 by its series to r⁵/120 (truncation < 3e-15 for |r| ≤ 0.0109)
  const p = r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
  const f = FRACTION[ki & 31];
  return POW2[(ki >> 5) - MIN_POW] * (f + f * p);
}
