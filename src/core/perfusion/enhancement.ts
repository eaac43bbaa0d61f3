/**
 * Contrast enhancement ΔHU(t) = HU(t) − mean HU of the baseline frames, written into `out`.
 * Iodine concentration is proportional to ΔHU in CT (≈ 25–30 HU per mg I/ml at 80–120 kVp); every
 * perfusion map is a ratio of a tissue to an arterial curve, so the proportionality constant
 * cancels and ΔHU is used as the concentration throughout.
 */
export function enhancement(hu: ArrayLike<number>, baselineFrames: number, out: Float64Array): Float64Array {
  let base = 0;
  for (let i = 0; i < baselineFrames; i++) base += hu[i];
  base /= baselineFrames;
  for (let i = 0; i < hu.length; i++) out[i] = hu[i] - base;
  return out;
}
