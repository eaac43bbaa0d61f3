import type { Mat4 } from '../math/types';

/**
 * The NIfTI sform (voxel → RAS mm, row-major) dcm2niix writes for a volume whose LPS affine is
 * `affine` (voxel (i, j, k) → LPS mm, j running down the image rows as transmitted): LPS → RAS
 * negates the first two rows, and dcm2niix flips the row axis so its NIfTI j runs up the image:
 * voxel j' = ny − 1 − j. NIfTI export must write the rows in that flipped order too.
 */
export function niftiAffineFromLps(affine: Mat4, dims: readonly number[]): Mat4 {
  const ny = dims[1];
  const out = [...affine];
  for (let r = 0; r < 2; r++) for (let c = 0; c < 4; c++) out[r * 4 + c] = -affine[r * 4 + c];
  for (let r = 0; r < 3; r++) {
    out[r * 4 + 3] += out[r * 4 + 1] * (ny - 1);
    out[r * 4 + 1] = -out[r * 4 + 1];
  }
  // + 0 turns the −0 that negation makes of zero entries into 0.
  return out.map((v) => v + 0);
}
