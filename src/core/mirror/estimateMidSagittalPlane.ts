import { add, scale } from '../math/vec3Arithmetic';
import type { Vec3 } from '../math/types';
import type { Plane, ScalarVolume } from '../measure/types';
import { lpsToVoxelMap } from '../roi/voxelAffine';
import { reflectionCorrelation } from './reflectionCorrelation';
import { gaussianSmooth } from './gaussianSmooth';
import { headMask } from './headMask';
import { sagittalNormal } from './sagittalNormal';
import { symmetrySamples, type SymmetrySamples } from './symmetrySamples';

export interface MidSagittalOptions {
  /** Brain/head mask on the image's grid (1 = inside); default: voxels above the Otsu threshold. */
  mask?: Uint8Array;
  /** Half-range of the offset search along the normal, mm (default 20). */
  searchMm?: number;
  /** Half-range of the yaw (about S) and roll (about A) search, degrees (default 12). */
  searchDeg?: number;
  /** Gaussian blur before matching, mm (default 3): makes the score smooth in the parameters and
   *  drowns the interpolation artefact that favours planes aligned with the voxel grid. */
  smoothMm?: number;
  /** Samples for the fine search (default 40 000; the coarse grid uses an eighth). Bounds the cost. */
  maxSamples?: number;
}

const DEG = Math.PI / 180;

/**
 * Estimates the mid-sagittal plane (LPS mm, unit normal) of a head image, typically a b0 or the
 * brain mask itself as a ScalarVolume, by maximising, on the Gaussian-blurred image, the correlation between the image and its
 * reflection (reflectionCorrelation). Parameters: offset d (mm) of the plane along its normal
 * from the head's centroid, yaw about S and roll about A of the patient L–R axis (sagittalNormal)
 * — the head is assumed roughly straight in the scanner, tilted a few degrees at most.
 * Coarse-to-fine: an exhaustive grid (2 mm × 2°) on a sparse sample, then a 3×3×3 pattern search
 * on the full sample with steps halved from 1 mm / 1° down to 1/32 of that. Result origin is the
 * centroid moved onto the plane.
 */
export function estimateMidSagittalPlane(input: ScalarVolume, opts: MidSagittalOptions = {}): Plane {
  const searchMm = opts.searchMm ?? 20;
  const searchRad = (opts.searchDeg ?? 12) * DEG;
  const maxSamples = opts.maxSamples ?? 40_000;
  const [nx, ny, nz] = input.dims;
  // A mask of another grid would be read out of bounds (undefined counts as head): refuse it.
  if (opts.mask && opts.mask.length !== nx * ny * nz) throw new Error(`mask has ${opts.mask.length} voxels, the image ${nx * ny * nz}`);
  const image = gaussianSmooth(input, opts.smoothMm ?? 3);
  // The head is found on the unblurred image (Otsu on blurred edges would shift it).
  const mask = opts.mask ?? headMask(input);
  const fine = symmetrySamples(image, mask, maxSamples);
  const coarse = symmetrySamples(image, mask, Math.max(1000, maxSamples / 8));
  const c = fine.centroid;
  const toVoxel = lpsToVoxelMap(image.affine);
  const zero = toVoxel([0, 0, 0]);

  const score = (samples: SymmetrySamples, d: number, yaw: number, roll: number): number => {
    const n = sagittalNormal(yaw, roll);
    const nv = toVoxel(n);
    const normalVox: Vec3 = [nv[0] - zero[0], nv[1] - zero[1], nv[2] - zero[2]];
    const r = reflectionCorrelation(image, samples, add(c, scale(n, d)), n, normalVox);
    return Number.isNaN(r) ? -Infinity : r;
  };

  let best = { d: 0, yaw: 0, roll: 0, r: -Infinity };
  const coarseMm = 2;
  const coarseRad = 2 * DEG;
  for (let d = -searchMm; d <= searchMm + 1e-9; d += coarseMm)
    for (let yaw = -searchRad; yaw <= searchRad + 1e-9; yaw += coarseRad)
      for (let roll = -searchRad; roll <= searchRad + 1e-9; roll += coarseRad) {
        const r = score(coarse, d, yaw, roll);
        if (r > best.r) best = { d, yaw, roll, r };
      }

  best.r = score(fine, best.d, best.yaw, best.roll);
  for (let stepMm = 1, stepRad = DEG; stepMm >= 1 / 32; stepMm /= 2, stepRad /= 2) {
    // Move to the best neighbour until the centre itself is best, then refine the step.
    let centre: typeof best;
    do {
      centre = best;
      for (const dd of [-1, 0, 1])
        for (const dy of [-1, 0, 1])
          for (const dr of [-1, 0, 1]) {
            if (dd === 0 && dy === 0 && dr === 0) continue;
            const d = centre.d + dd * stepMm;
            const yaw = centre.yaw + dy * stepRad;
            const roll = centre.roll + dr * stepRad;
            const r = score(fine, d, yaw, roll);
            if (r > best.r) best = { d, yaw, roll, r };
          }
    } while (best !== centre);
  }
  const normal = sagittalNormal(best.yaw, best.roll);
  return { origin: add(c, scale(normal, best.d)), normal };
}
