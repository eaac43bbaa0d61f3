import type { Volume4D } from '../dicom/types';
import { createDtiMaps, writeSlab } from './assembleMaps';
import { fitSlab } from './fitSlab';
import { planFit, type DiffusionData } from './fitPlan';
import { gradientsToVoxelFrame } from './gradientFrame';
import type { DtiMaps, FitOptions } from './types';

/**
 * A Volume4D as fit input: LPS gradients re-expressed in its voxel-axis frame so V1 and colour
 * FA come out in voxel axes.
 */
export function volumeToDiffusionData(volume: Volume4D): DiffusionData {
  return {
    dims: volume.dims,
    spacing: volume.spacing,
    affine: volume.affine,
    data: volume.data,
    bValues: volume.bValues,
    gradients: gradientsToVoxelFrame(volume.affine, volume.gradientsLPS),
    excluded: volume.excluded,
  };
}

/** Single-thread tensor fit of a whole Volume4D; `onProgress` gets the fraction of voxels done. */
export function fitVolume(volume: Volume4D, opts: FitOptions, onProgress?: (fraction: number) => void): DtiMaps {
  return fitDiffusionData(volumeToDiffusionData(volume), opts, onProgress);
}

/** Single-thread tensor fit of diffusion data whose gradients are already in the output frame. */
export function fitDiffusionData(input: DiffusionData, opts: FitOptions, onProgress?: (fraction: number) => void): DtiMaps {
  const plan = planFit(input, opts);
  const maps = createDtiMaps(plan.dims, input.spacing, input.affine, plan.mask);
  const slab = fitSlab(
    {
      scheme: plan.scheme,
      estimator: plan.estimator,
      signals: input.data,
      volumeStride: plan.nvox,
      base: 0,
      start: 0,
      count: plan.nvox,
      mask: plan.mask,
      minSignal: plan.minSignal,
      residual: plan.residual,
    },
    onProgress && ((done) => onProgress(done / plan.nvox)),
  );
  writeSlab(maps, slab);
  return maps;
}
