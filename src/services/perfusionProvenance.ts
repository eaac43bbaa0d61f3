import type { MapProvenance } from '../core/store/records';
import type { PerfusionComputation } from '../state/perfusionStore';

/** The method of the app's perfusion maps, as the CLI's perfusion.json states it (src/cli/perfusion.ts). */
export const PERFUSION_METHOD =
  'oSVD deconvolution (block-circulant, oscillation index, Wu 2003) of the tissue curve by the AIF; Tmax at the half-height of the residue rising edge; ' +
  'PS by Patlak on frames from 25 s after the AIF falls below 30 % of its peak, leakage removed before deconvolution; AIF scaled by ∫VOF/∫AIF when above 1; no smoothing';

/** Provenance every statistic on a perfusion computation's maps records: AIF/VOF, constants, method, per-slab windows. */
export function perfusionProvenanceOf(result: PerfusionComputation, appVersion: string): MapProvenance {
  const at = (c: PerfusionComputation['aif']) => ({ voxel: c.voxel, lpsMm: c.lpsMm, automatic: c.automatic });
  return {
    fitId: result.fitId,
    estimator: 'osvd',
    maskThreshold: null,
    bValues: [],
    appVersion,
    fittedAt: result.computedAt,
    perfusion: {
      aif: at(result.aif),
      vof: result.vof ? at(result.vof) : null,
      constants: { ...result.constants },
      method: PERFUSION_METHOD,
      frameTimeSource: result.frameTimes.source,
      slabs: result.slabs.map((s) => ({
        firstSlice: s.firstSlice,
        endSlice: s.endSlice,
        baselineFrames: s.baselineFrames,
        patlakStartS: s.patlakStartS,
        partialVolumeScale: s.partialVolumeScale,
      })),
    },
  };
}
