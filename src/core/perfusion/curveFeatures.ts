import { argMax } from './argMax';

/** Shape of one enhancement curve, the features AIF and VOF selection rank by. */
export interface CurveFeatures {
  /** Peak enhancement, ΔHU. */
  peak: number;
  /** Time to peak, s (frame time of the peak). */
  ttp: number;
  /** Full width at half maximum, s (linear interpolation between frames). */
  fwhm: number;
}

/** Peak, time to peak and FWHM of an enhancement curve (ΔHU at the frame times, s). */
export function curveFeatures(times: ArrayLike<number>, curve: ArrayLike<number>): CurveFeatures {
  const p = argMax(curve);
  const peak = curve[p];
  const half = peak / 2;
  let lo = p;
  while (lo > 0 && curve[lo - 1] > half) lo--;
  let hi = p;
  while (hi < curve.length - 1 && curve[hi + 1] > half) hi++;
  const cross = (i: number, j: number): number =>
    curve[j] === curve[i] ? times[i] : times[i] + ((half - curve[i]) / (curve[j] - curve[i])) * (times[j] - times[i]);
  const left = lo > 0 ? cross(lo - 1, lo) : times[0];
  const right = hi < curve.length - 1 ? cross(hi, hi + 1) : times[curve.length - 1];
  return { peak, ttp: times[p], fwhm: right - left };
}
