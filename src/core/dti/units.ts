/**
 * Display / export unit conversions. The engine keeps diffusivities in mm²/s and FA unitless;
 * trial exports and scanners use integers in 10⁻⁶ mm²/s (µm²/s) and FA × 10⁴ (e.g. Siemens FA maps).
 */

/** mm²/s → 10⁻⁶ mm²/s (e.g. 0.0008 → 800). */
export function toMicroMm2PerS(mm2PerS: number): number {
  return mm2PerS * 1e6;
}

/** 10⁻⁶ mm²/s → mm²/s. */
export function fromMicroMm2PerS(micro: number): number {
  return micro * 1e-6;
}

/** FA [0,1] → integer-scaled FA × 10⁴ (e.g. 0.45 → 4500). */
export function faToScaled(fa: number): number {
  return fa * 1e4;
}

/** FA × 10⁴ → FA. */
export function faFromScaled(scaled: number): number {
  return scaled * 1e-4;
}

/** Whole map mm²/s → 10⁻⁶ mm²/s, new array. */
export function mapToMicroMm2PerS(map: Float32Array): Float32Array {
  const out = new Float32Array(map.length);
  for (let i = 0; i < map.length; i++) out[i] = map[i] * 1e6;
  return out;
}
