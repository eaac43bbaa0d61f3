import type { InputCurve } from './inputCurve';
import { interpolateCurve } from './interpolateCurve';
import { perfusionModel, type PerfusionModel } from './perfusionModel';
import type { Slab } from './slabOfSlice';
import { NO_SMOOTHING, smoothCurve, temporalWeights, type PerfusionSmoothing } from './smoothing';
import type { PerfusionConstants } from './types';

/** What was used at one table position, for the record. */
export interface SlabRecord {
  firstSlice: number;
  endSlice: number;
  baselineFrames: number;
  /** Time of the first Patlak frame, s; null when the acquisition is too short for one. */
  patlakStartS: number | null;
  gridIntervalS: number;
  partialVolumeScale: number;
}

/**
 * One perfusion model per table position (slab), in slab order: the AIF (and VOF) interpolated to
 * the slab's frame times when measured at another, smoothed along time when asked (the tissue
 * curves are smoothed alike, so deconvolution compares like with like), then perfusionModel.
 * The SVD inside takes ~0.1–0.5 s per slab: the pool runs this on a worker.
 */
export function perfusionModels(
  slabs: readonly Slab[],
  aif: InputCurve,
  vof: InputCurve | null,
  constants: PerfusionConstants,
  smoothing: PerfusionSmoothing = NO_SMOOTHING,
): { models: PerfusionModel[]; record: SlabRecord[] } {
  const models = slabs.map((slab) => {
    const weights = temporalWeights(slab.times, smoothing.temporalFwhmS);
    const at = (c: InputCurve): Float64Array => {
      const curve = interpolateCurve(c.times, c.hu, slab.times);
      return weights ? smoothCurve(weights, curve, new Float64Array(curve.length)) : curve;
    };
    return perfusionModel(slab.times, at(aif), vof ? at(vof) : null, constants);
  });
  const record = slabs.map((slab, n) => {
    const m = models[n];
    return {
      firstSlice: slab.firstSlice,
      endSlice: slab.endSlice,
      baselineFrames: m.baselineFrames,
      patlakStartS: m.patlakStart < m.times.length ? m.times[m.patlakStart] : null,
      gridIntervalS: m.grid.dt,
      partialVolumeScale: m.partialVolumeScale,
    };
  });
  return { models, record };
}
