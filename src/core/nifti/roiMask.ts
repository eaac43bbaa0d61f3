import type { PlanarRoi } from '../measure/types';
import { selectRoiVoxels } from '../roi/selectRoiVoxels';
import type { VoxelGrid } from './dtiNiftiImage';

/**
 * A planar ROI rasterised on a map's voxel grid (voxel index order, x fastest): 1 where the ROI
 * statistics take the voxel, by the one inclusion rule of selectRoiVoxels (voxel centre within
 * the one-voxel slab about the ROI plane and projected inside the contour), else 0. The mask's
 * voxel count is therefore the ROI's n on every map of that grid.
 */
export function roiMask(roi: PlanarRoi, grid: VoxelGrid): Uint8Array {
  const mask = new Uint8Array(grid.dims[0] * grid.dims[1] * grid.dims[2]);
  for (const v of selectRoiVoxels(roi, grid.dims, grid.affine).indices) mask[v] = 1;
  return mask;
}
