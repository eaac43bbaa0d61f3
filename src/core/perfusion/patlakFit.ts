/** Patlak fit of one tissue curve: K (1/s) and the intercept V (fraction of tissue volume). */
export interface PatlakFit {
  /** Unidirectional transfer constant K, ml/ml/s (of tissue). */
  k: number;
  /** Blood (vascular) volume fraction V, ml/ml. */
  v: number;
}

/**
 * Patlak analysis of frames from `first` on: tissue(t) = K · ∫₀ᵗ aif + V · aif(t), solved by linear
 * least squares in the concentration domain (the same model as Patlak's plot of tissue/aif against
 * ∫aif/aif, without dividing by a small, noisy late arterial value). `tissue` and `aif` are ΔHU at
 * the frame times, `aifIntegral` the running ∫aif (ΔHU·s) at the same frames.
 * Valid once the first pass is over, when the vascular compartment follows the AIF with no lag;
 * returns K = V = 0 when the late frames cannot separate the two terms (fewer than 2 frames, or the
 * two columns collinear).
 */
export function patlakFit(
  tissue: ArrayLike<number>,
  aif: ArrayLike<number>,
  aifIntegral: ArrayLike<number>,
  first: number,
): PatlakFit {
  let sxx = 0, sxa = 0, saa = 0, sxy = 0, say = 0;
  for (let i = first; i < tissue.length; i++) {
    const x = aifIntegral[i];
    const a = aif[i];
    const y = tissue[i];
    sxx += x * x; sxa += x * a; saa += a * a; sxy += x * y; say += a * y;
  }
  const det = sxx * saa - sxa * sxa;
  if (tissue.length - first < 2 || !(det > 1e-12 * sxx * saa)) return { k: 0, v: 0 };
  return { k: (sxy * saa - say * sxa) / det, v: (say * sxx - sxy * sxa) / det };
}
