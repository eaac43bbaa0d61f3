import type { FitSlabRequest, MaskRequest } from './dtiProtocol';

/**
 * A slab request with every field, in one fixed order. Pools and warm-ups build theirs here: a
 * structured clone keeps an object's property order, and a worker's code optimised on requests of
 * one shape is thrown away ("wrong map") on the first of another, then runs slowly for the rest of
 * a fit (measured on real data: the first fits of fresh threads took ~1.5× the later ones).
 */
export function fitSlabRequest(f: Omit<FitSlabRequest, 'type'>): FitSlabRequest {
  return {
    type: 'fit',
    slabId: f.slabId,
    scheme: f.scheme,
    estimator: f.estimator,
    signals: f.signals,
    volumeStride: f.volumeStride,
    base: f.base,
    start: f.start,
    count: f.count,
    mask: f.mask,
    minSignal: f.minSignal,
    residual: f.residual,
    floorMask: f.floorMask,
    fitId: f.fitId,
  };
}

/** A mask request with every field in one fixed order (see fitSlabRequest). */
export function maskRequest(f: Omit<MaskRequest, 'type' | 'slabId'>): MaskRequest {
  return { type: 'mask', slabId: -1, meanB0: f.meanB0, b0Of: f.b0Of, dims: f.dims, factor: f.factor };
}
