/** Optional preprocessing of the curves before the maps (both off by default). */
export interface PerfusionSmoothing {
  /** Full width at half maximum of a Gaussian along time, s, applied to every curve (AIF and VOF too); 0: none. */
  temporalFwhmS: number;
  /** FWHM of a Gaussian across each slice, mm, applied to the tissue curves only (not the AIF/VOF: it would partial-volume them); 0: none. */
  inPlaneFwhmMm: number;
}

export const NO_SMOOTHING: PerfusionSmoothing = { temporalFwhmS: 0, inPlaneFwhmMm: 0 };

const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.log(2));

/**
 * Row-normalised Gaussian weights along time for frames at `times` (s, any spacing), FWHM `fwhm` s:
 * w[i·n + j] ∝ exp(−(tᵢ − tⱼ)²/2σ²), cut at 3σ. Irregular sampling is handled by weighting each
 * neighbour by its distance in seconds, not in frames. Returns null for fwhm ≤ 0 (no smoothing).
 */
export function temporalWeights(times: ArrayLike<number>, fwhm: number): Float64Array | null {
  if (!(fwhm > 0)) return null;
  const n = times.length;
  const sigma = fwhm / FWHM_PER_SIGMA;
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const d = (times[i] - times[j]) / sigma;
      const v = Math.abs(d) <= 3 ? Math.exp(-0.5 * d * d) : 0;
      w[i * n + j] = v;
      sum += v;
    }
    for (let j = 0; j < n; j++) w[i * n + j] /= sum;
  }
  return w;
}

/** A curve smoothed by temporalWeights (n × n), written into `out` (not `curve`). */
export function smoothCurve(weights: Float64Array, curve: ArrayLike<number>, out: Float64Array): Float64Array {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0, r = i * n; j < n; j++) s += weights[r + j] * curve[j];
    out[i] = s;
  }
  return out;
}

/** A normalised 1-D Gaussian kernel of FWHM `fwhm` in units of `step` (e.g. mm and the voxel size), radius 3σ; [1] when fwhm ≤ 0. */
export function gaussianKernel(fwhm: number, step: number): Float64Array {
  const sigma = fwhm / FWHM_PER_SIGMA / step;
  if (!(sigma > 0)) return Float64Array.of(1);
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += k[i + radius] = Math.exp(-0.5 * (i / sigma) ** 2);
  return k.map((v) => v / sum);
}

/**
 * One slice (nx × ny values, row-major, in place) convolved by the separable kernels `kx` along
 * rows and `ky` along columns, edges renormalised (a voxel near the border averages only what lies
 * inside). `tmp` holds nx·ny values.
 */
export function smoothSlice(slice: Float32Array, nx: number, ny: number, kx: Float64Array, ky: Float64Array, tmp: Float32Array): void {
  const rx = kx.length >> 1;
  const ry = ky.length >> 1;
  for (let j = 0; j < ny; j++) {
    const row = j * nx;
    for (let i = 0; i < nx; i++) {
      let s = 0;
      let w = 0;
      for (let d = Math.max(-rx, -i); d <= Math.min(rx, nx - 1 - i); d++) {
        s += kx[d + rx] * slice[row + i + d];
        w += kx[d + rx];
      }
      tmp[row + i] = s / w;
    }
  }
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      let s = 0;
      let w = 0;
      for (let d = Math.max(-ry, -j); d <= Math.min(ry, ny - 1 - j); d++) {
        s += ky[d + ry] * tmp[(j + d) * nx + i];
        w += ky[d + ry];
      }
      slice[j * nx + i] = s / w;
    }
  }
}
