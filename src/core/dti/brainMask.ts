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
  const mask = aboveThreshold(meanB0, otsuThreshold(meanB0) * factor);
  keepLargestComponent(mask, dims);
  fillHolesSlicewise(mask, dims);
  return mask;
}

/**
 * 1 where the value exceeds `threshold`. Its own function, as every long loop of the mask steps:
 * V8 optimises a function running a long loop in the middle of it (on-stack replacement), without
 * type feedback for the code after the loop, and throws that code away when it gets there.
 */
function aboveThreshold(values: Float32Array, threshold: number): Uint8Array {
  const mask = new Uint8Array(values.length);
  for (let v = 0; v < values.length; v++) mask[v] = values[v] > threshold ? 1 : 0;
  return mask;
}
