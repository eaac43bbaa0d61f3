import { fillHolesSlicewise } from './fillHolesSlicewise';
import { keepLargestComponent } from './largestComponent';
import { otsuThreshold } from './otsuThreshold';

/**
 * Brain mask from the mean b0 image (signal units, voxel index order i fastest):
 * voxels above `factor` × Otsu's threshold, largest 6-connected component, holes filled
 * slice-wise. `factor` < 1 keeps more dim tissue (e.g. a dark infarct rim), > 1 trims scalp.
 * Returns 1 = brain, 0 = outside, nx*ny*nz bytes.
 */
export function brainMask(meanB0: Float32Array, dims: readonly [number, number, number], factor = 1): Uint8Array {
  const threshold = otsuThreshold(meanB0) * factor;
  const mask = new Uint8Array(meanB0.length);
  for (let v = 0; v < meanB0.length; v++) mask[v] = meanB0[v] > threshold ? 1 : 0;
  keepLargestComponent(mask, dims);
  fillHolesSlicewise(mask, dims);
  return mask;
}
