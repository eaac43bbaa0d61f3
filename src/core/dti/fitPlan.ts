import type { Mat4 } from '../math/types';
import { brainMask } from './brainMask';
import { buildFitScheme, type FitScheme } from './fitScheme';
import { maskRuns } from './maskRuns';
import { meanB0 } from './meanB0';
import { signalFloor } from './minPositiveSignal';
import type { Estimator, FitOptions } from './types';

/**
 * Diffusion data ready to fit: like a Volume4D but with gradients already in the frame the
 * tensor should come out in (the voxel-axis frame for viewer maps; a NIfTI's FSL b-vectors are
 * fine too: any orthonormal frame gives the same scalars).
 */
export interface DiffusionData {
  /** [nx, ny, nz, nt] */
  dims: [number, number, number, number];
  spacing: [number, number, number];
  /** Voxel index → patient LPS mm, row-major 4×4 (carried to the maps). */
  affine: Mat4;
  /** Volume-major float signals: voxel v of volume t at data[t * nx*ny*nz + v]. */
  data: Float32Array;
  /** Per volume, s/mm². */
  bValues: readonly number[];
  /** Per volume, unit gradient in the fit frame ([0,0,0] for b0). */
  gradients: readonly (readonly [number, number, number])[];
  /** Per volume, true = not fitted (derived trace image). */
  excluded?: readonly boolean[];
}

/** Everything decided before any voxel is fitted, shared by the single-thread path and the pools. */
export interface FitPlan {
  dims: [number, number, number];
  nvox: number;
  estimator: Estimator;
  scheme: FitScheme;
  /** 1 = fitted voxel. */
  mask: Uint8Array;
  maskedVoxels: number;
  /** Otsu × factor threshold used (signal units), null when the caller supplied the mask. */
  maskThreshold: number | null;
  /**
   * Positive floor for signals before the log: the smallest positive fitted signal in the mask, as
   * dipy (1 when there is none); NaN when deferred (planFit's `floor`).
   */
  minSignal: number;
  /** Whether the residual map is computed (FitOptions.residual). */
  residual: boolean;
}

/**
 * Builds the scheme, the brain mask (unless given) and the signal floor. Throws on an unusable scheme
 * or a wrong-sized mask. `floor: 'defer'` leaves minSignal NaN: the pool gets it from its slabs'
 * minima (see SlabMaps.pendingFloor).
 */
export function planFit(input: DiffusionData, opts: FitOptions, floor: 'compute' | 'defer' = 'compute'): FitPlan {
  const [nx, ny, nz, nt] = input.dims;
  const nvox = nx * ny * nz;
  if (input.data.length !== nvox * nt) throw new Error(`data has ${input.data.length} values, dims say ${nvox * nt}`);
  const scheme = buildFitScheme(input.bValues, input.gradients, input.excluded);
  let mask: Uint8Array;
  let maskThreshold: number | null = null;
  if (opts.mask) {
    if (opts.mask.length !== nvox) throw new Error(`mask has ${opts.mask.length} voxels, volume has ${nvox}`);
    mask = opts.mask;
  } else {
    const factor = opts.maskThreshold ?? 1;
    mask = brainMask(meanB0(input.data, nvox, scheme.b0Volumes), [nx, ny, nz], factor);
    maskThreshold = factor;
  }
  let maskedVoxels = 0;
  for (let v = 0; v < nvox; v++) maskedVoxels += mask[v] !== 0 ? 1 : 0;
  const minSignal = floor === 'defer' ? Number.NaN : signalFloor(input.data, nvox, scheme.volumes, maskRuns(mask));
  return {
    dims: [nx, ny, nz],
    nvox,
    estimator: opts.estimator,
    scheme,
    mask,
    maskedVoxels,
    maskThreshold,
    minSignal,
    residual: opts.residual ?? true,
  };
}
