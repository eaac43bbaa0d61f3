import { circulantSvd, type CirculantSvd } from './circulantSvd';
import { cumulativeIntegral } from './cumulativeIntegral';
import { detectBaseline } from './detectBaseline';
import { enhancement } from './enhancement';
import { firstPassEnd } from './firstPassEnd';
import { partialVolumeScale } from './partialVolumeScale';
import { resampleLinear } from './resampleLinear';
import type { PerfusionConstants } from './types';
import { uniformGrid, type UniformGrid } from './uniformGrid';

/**
 * Everything shared by all voxels of one perfusion computation, prepared once from the arterial
 * (and venous) curve. Plain numbers and typed arrays: it can be sent to workers as it is.
 */
export interface PerfusionModel {
  /** Frame times, s (as acquired, any spacing). */
  times: Float64Array;
  /** Frames before bolus arrival (found on the AIF). */
  baselineFrames: number;
  /** First frame of the Patlak phase (times.length when none). */
  patlakStart: number;
  /** The uniform grid deconvolution runs on. */
  grid: UniformGrid;
  /** AIF enhancement at the frame times, ΔHU, after partial-volume correction. */
  aif: Float64Array;
  /** Running ∫AIF at the frame times, ΔHU·s. */
  aifIntegral: Float64Array;
  /** ∫AIF over the acquisition, ΔHU·s: the denominator of CBV. */
  aifArea: number;
  /** The factor the AIF was multiplied by (VOF/AIF areas; 1 without a VOF). */
  partialVolumeScale: number;
  svd: CirculantSvd;
  constants: PerfusionConstants;
}

/**
 * Prepares a perfusion computation from the frame times (s), the arterial curve and optionally the
 * venous curve (HU at those times, as measured): baseline frames from the AIF, ΔHU, partial-volume
 * correction of the AIF by the VOF, the start of the Patlak phase, the uniform grid and the SVD of
 * the block-circulant AIF matrix.
 */
export function perfusionModel(
  times: ArrayLike<number>,
  aifHu: ArrayLike<number>,
  vofHu: ArrayLike<number> | null,
  constants: PerfusionConstants,
): PerfusionModel {
  const t = Float64Array.from(times);
  const baselineFrames = detectBaseline(aifHu);
  const aif = enhancement(aifHu, baselineFrames, new Float64Array(t.length));
  const scale = vofHu ? partialVolumeScale(t, aif, enhancement(vofHu, baselineFrames, new Float64Array(t.length))) : 1;
  for (let i = 0; i < aif.length; i++) aif[i] *= scale;
  const grid = uniformGrid(t);
  const aifGrid = resampleLinear(t, aif, grid, new Float64Array(grid.n));
  const aifIntegral = cumulativeIntegral(t, aif, new Float64Array(t.length));
  return {
    times: t,
    baselineFrames,
    patlakStart: firstPassEnd(t, aif),
    grid,
    aif,
    aifIntegral,
    aifArea: aifIntegral[t.length - 1],
    partialVolumeScale: scale,
    svd: circulantSvd(aifGrid, grid.dt),
    constants,
  };
}
