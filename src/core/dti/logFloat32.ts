/**
 * Natural logarithm of a positive normal float32 given as its IEEE-754 bit pattern (an Int32Array
 * view over the signal buffer), without Math.log: the fit takes 30–60 logs per voxel and
 * Math.log is a call into the runtime, while this is a table look-up and a short polynomial
 * that the JIT inlines. Absolute error < 1e-12 (the signals themselves carry ~6e-8 relative
 * float32 rounding), so fitted metrics match a Math.log fit to ~1e-10.
 *
 * Only valid for bits in [0x00800000, 0x7f800000): positive, normal, finite. Callers route
 * zero, negative, subnormal, infinite and NaN signals through Math.log themselves.
 */

/** Mantissa bits used to pick the table entry: 2⁷ intervals of [1, 2). */
const TABLE_BITS = 7;
const TABLE_SIZE = 1 << TABLE_BITS;
const SHIFT = 23 - TABLE_BITS;

/**
 * For entry j, the centre c = 1 + (j + ½)/2⁷ of its mantissa interval: ln c and 1/c. Then
 * x = c·(1 + r) with |r| ≤ 1/257, and ln(1 + r) needs only five terms of its series.
 */
const LOG_CENTRE = new Float64Array(TABLE_SIZE);
const INV_CENTRE = new Float64Array(TABLE_SIZE);
for (let j = 0; j < TABLE_SIZE; j++) {
  const c = 1 + (j + 0.5) / TABLE_SIZE;
  LOG_CENTRE[j] = Math.log(c);
  INV_CENTRE[j] = 1 / c;
}

/** 2⁻²³: mantissa integer → fraction of [0, 1). */
const MANTISSA_SCALE = 1 / 8388608;

/** ln of the float32 whose bits are `bits` (positive normal finite only, see above). */
export function logFloat32Bits(bits: number): number {
  const e = (bits >> 23) - 127;
  const j = (bits >> SHIFT) & (TABLE_SIZE - 1);
  const x = 1 + (bits & 0x7fffff) * MANTISSA_SCALE;
  const r = x * INV_CENTRE[j] - 1;
  // ln(1 + r) = r − r²/2 + r³/3 − r⁴/4 + r⁵/5, truncation < |r|⁶/6 ≈ 6e-16
  const p = r * (1 + r * (-0.5 + r * (1 / 3 + r * (-0.25 + r * 0.2))));
  return e * Math.LN2 + LOG_CENTRE[j] + p;
}

/** The bits of a float32 `x` (rounded to float32 first), e.g. to compare signals with a floor as integers. */
export function float32Bits(x: number): number {
  SCRATCH_F32[0] = x;
  return SCRATCH_I32[0];
}

const SCRATCH_F32 = new Float32Array(1);
const SCRATCH_I32 = new Int32Array(SCRATCH_F32.buffer);
