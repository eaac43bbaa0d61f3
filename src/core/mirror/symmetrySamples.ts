import type { Vec3 } from '../math/types';
import type { ScalarVolume } from '../measure/types';
import { voxelToLps } from '../roi/voxelAffine';
import { sampleTrilinear } from './sampleTrilinear';

/** Steps of Roberts' R3 sequence (powers of 1/φ₃, the plastic-like constant 1.2207…): evenly spread 3D offsets. */
const R3 = [0.8191725133961645, 0.6710436067037893, 0.5497004779019703];
const frac = (x: number) => x - Math.floor(x);
const clamp = (x: number, n: number) => Math.min(Math.max(x, 0), n - 1);

/**
 * Points sampled for the symmetry search: LPS positions (mm, xyz interleaved), their fractional
 * voxel indices (interleaved) and interpolated image values, jittered about a regular voxel stride over the head's bounding box grown
 * by `marginVox` voxels, so background is sampled too (its match with the reflection counts, and
 * a binary mask given as the image still has variance). `centroid` is the mean LPS position of
 * the head voxels, `mask` (1 = head) on the image's grid.
 */
export interface SymmetrySamples {
  lps: Float64Array;
  ijk: Float64Array;
  values: Float64Array;
  centroid: Vec3;
}

export function symmetrySamples(
  image: ScalarVolume,
  mask: Uint8Array,
  maxSamples: number,
  marginVox = 4,
): SymmetrySamples {
  const [nx, ny, nz] = image.dims;
  const isHead = (v: number) => mask[v] !== 0;
  const lo = [nx, ny, nz];
  const hi = [-1, -1, -1];
  const sum = [0, 0, 0];
  let count = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        if (!isHead((k * ny + j) * nx + i)) continue;
        const idx = [i, j, k];
        for (let a = 0; a < 3; a++) {
          lo[a] = Math.min(lo[a], idx[a]);
          hi[a] = Math.max(hi[a], idx[a]);
        }
        sum[0] += i;
        sum[1] += j;
        sum[2] += k;
        count++;
      }
  if (count === 0) throw new Error('no head voxels to estimate the mid-sagittal plane from');
  const centroid = voxelToLps(image.affine, sum[0] / count, sum[1] / count, sum[2] / count);
  const dims = [nx, ny, nz];
  for (let a = 0; a < 3; a++) {
    lo[a] = Math.max(0, lo[a] - marginVox);
    hi[a] = Math.min(dims[a] - 1, hi[a] + marginVox);
  }
  const boxVoxels = (hi[0] - lo[0] + 1) * (hi[1] - lo[1] + 1) * (hi[2] - lo[2] + 1);
  const stride = Math.max(1, Math.ceil(Math.cbrt(boxVoxels / maxSamples)));
  const lps: number[] = [];
  const ijk: number[] = [];
  const values: number[] = [];
  let s = 0;
  for (let k = lo[2]; k <= hi[2]; k += stride)
    for (let j = lo[1]; j <= hi[1]; j += stride)
      for (let i = lo[0]; i <= hi[0]; i += stride) {
        // Off-grid jitter (R3 low-discrepancy sequence, ±0.5 voxel): a sample read exactly at a
        // voxel centre is unsmoothed while its mirror is interpolated, except when the plane is
        // grid-aligned — a spurious optimum at the grid's own axes. Interpolating both sides removes it.
        s++;
        const fi = clamp(i + frac(0.5 + s * R3[0]) - 0.5, nx);
        const fj = clamp(j + frac(0.5 + s * R3[1]) - 0.5, ny);
        const fk = clamp(k + frac(0.5 + s * R3[2]) - 0.5, nz);
        lps.push(...voxelToLps(image.affine, fi, fj, fk));
        ijk.push(fi, fj, fk);
        values.push(sampleTrilinear(image, fi, fj, fk));
      }
  return { lps: Float64Array.from(lps), ijk: Float64Array.from(ijk), values: Float64Array.from(values), centroid };
}
