import { argMax } from './argMax';
import { deconvolveOsvd, osvdScratch, type OsvdScratch } from './deconvolveOsvd';
import { bindOsvdSimd, type OsvdFunction, type OsvdSimdExports } from './deconvolveOsvdSimd';
import { delayedCurve } from './delayedCurve';
import { enhancement } from './enhancement';
import { patlakFit, type PatlakFit } from './patlakFit';
import type { PerfusionModel } from './perfusionModel';
import { resampleLinear } from './resampleLinear';
import { residueCentroid } from './residueCentroid';
import { residueDelay } from './residueDelay';
import { trapezoidArea } from './trapezoidArea';
import type { PerfusionValues } from './types';

/** Work buffers of voxelPerfusion, made once per thread by `voxelScratch`. */
export interface VoxelScratch {
  tissue: Float64Array;
  corrected: Float64Array;
  aif: Float64Array;
  aifIntegral: Float64Array;
  grid: Float64Array;
  residue: Float64Array;
  osvd: OsvdScratch;
  /** The deconvolution on the WebAssembly SIMD kernel, when one was given (else deconvolveOsvd). */
  simd: OsvdFunction | null;
}

/** `kernel`: this thread's WebAssembly oSVD kernel (src/wasm/perfusionKernel), bound here to the model's SVD. */
export function voxelScratch(model: PerfusionModel, kernel: OsvdSimdExports | null = null): VoxelScratch {
  const frames = model.times.length;
  return {
    tissue: new Float64Array(frames),
    corrected: new Float64Array(frames),
    aif: new Float64Array(frames),
    aifIntegral: new Float64Array(frames),
    grid: new Float64Array(model.grid.n),
    residue: new Float64Array(model.svd.L),
    osvd: osvdScratch(model.svd.L),
    simd: kernel ? bindOsvdSimd(kernel, model.svd, model.constants.oscillationIndex) : null,
  };
}

/** ml/ml/s → ml/100 ml/min. */
const PER_SECOND_TO_PER_100_PER_MIN = 6000;

/**
 * Perfusion of one tissue curve (HU at the model's frame times).
 *
 * 1. ΔHU against the baseline frames; TTP from it.
 * 2. Patlak on the late phase → K₀, and leakage correction: K₀·∫AIF is removed from the curve so
 *    contrast leaving the vessels is not deconvolved as flow.
 * 3. oSVD deconvolution on the uniform grid → f = CBF·R(t): CBF = max f, Tmax = its delay
 *    (residueDelay; negative when the tissue leads the AIF).
 * 4. Patlak again against the tissue's own input → K (PS) and V: the leak term against ∫AIF delayed
 *    by Tmax (where the tissue's input arrives), the vascular term against the AIF delayed by the
 *    residue's mean time (residueCentroid: delay + transit). Without these shifts a late AIF that
 *    still falls reads as leakage: +0.6 ml/100 ml/min at delay 6 s, MTT 7 s.
 * 5. CBV = (∫tissue − K·∫∫AIF(t − Tmax)) / ∫AIF over the acquisition: the leaked contrast is not
 *    blood volume (uncorrected, PS = 15 ml/100 ml/min adds ~10 ml/100 ml); MTT = CBV/CBF
 *    (central volume theorem).
 * 6. Units: × hematocritFactor/density, per 100 g, per minute.
 * A curve without enhancement gives CBF = 0 and MTT = Tmax = NaN (undefined, not zero).
 */
export function voxelPerfusion(
  model: PerfusionModel,
  tissueHu: ArrayLike<number>,
  scratch: VoxelScratch = voxelScratch(model),
): PerfusionValues {
  const { times, grid, constants } = model;
  const tissue = enhancement(tissueHu, model.baselineFrames, scratch.tissue);
  const ttp = times[argMax(tissue)] - times[0];
  const first = latePatlak(model, tissue, model.aif, model.aifIntegral);
  const corrected = scratch.corrected;
  for (let i = 0; i < tissue.length; i++) corrected[i] = tissue[i] - first.k * model.aifIntegral[i];
  const onGrid = resampleLinear(times, corrected, grid, scratch.grid);
  if (scratch.simd) scratch.simd(onGrid, scratch.residue);
  else deconvolveOsvd(model.svd, onGrid, constants.oscillationIndex, scratch.residue, scratch.osvd);
  const peak = argMax(scratch.residue);
  const flow = Math.max(0, scratch.residue[peak]);
  const tmax = flow > 0 ? residueDelay(scratch.residue, peak, grid.n, grid.dt) : NaN;
  const lag = flow > 0 ? Math.max(0, tmax) : 0;
  const vascularLag = flow > 0 ? Math.max(0, residueCentroid(scratch.residue, grid.dt)) : 0;
  const aifIntegral = delayedCurve(times, model.aifIntegral, lag, scratch.aifIntegral);
  const patlak = latePatlak(model, tissue, delayedCurve(times, model.aif, vascularLag, scratch.aif), aifIntegral);
  const volume = (trapezoidArea(times, tissue) - patlak.k * trapezoidArea(times, aifIntegral)) / model.aifArea;
  const scale = constants.hematocritFactor / constants.density;
  const cbf = flow * PER_SECOND_TO_PER_100_PER_MIN * scale;
  const cbv = volume * 100 * scale;
  return {
    cbf,
    cbv,
    mtt: cbf > 0 ? (cbv / cbf) * 60 : NaN,
    tmax,
    ttp,
    ps: patlak.k * PER_SECOND_TO_PER_100_PER_MIN * scale,
    patlakVolume: patlak.v * 100 * scale,
  };
}

function latePatlak(model: PerfusionModel, tissue: Float64Array, aif: ArrayLike<number>, aifIntegral: ArrayLike<number>): PatlakFit {
  return model.patlakStart < model.times.length - 1
    ? patlakFit(tissue, aif, aifIntegral, model.patlakStart)
    : { k: 0, v: 0 };
}
