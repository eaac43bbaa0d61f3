import type { PlanarRoi, RoiStats, ScalarVolume } from '../measure/types';
import { describeValues } from './describeValues';
import { selectRoiVoxels, type RoiVoxelSelection } from './selectRoiVoxels';

/**
 * Statistics of one planar ROI on every map at once, in each map's own unit (see RoiStats).
 * Voxels are chosen by selectRoiVoxels (centre within ±thickness/2 of the plane and projected
 * inside the contour); `thicknessMm` defaults to one voxel's extent along the plane normal.
 * areaMm2 = n × voxel volume / thickness, which is n × in-plane voxel area on slice-parallel
 * planes. Maps sharing a grid (same dims and affine) share one voxel selection.
 */
export function roiStats(
  roi: PlanarRoi,
  volumes: Record<string, ScalarVolume>,
  opts: { thicknessMm?: number } = {},
): RoiStats[] {
  const selections = new Map<string, RoiVoxelSelection>();
  return Object.entries(volumes).map(([map, vol]) => {
    const key = `${vol.dims.join(',')}|${vol.affine.join(',')}`;
    let sel = selections.get(key);
    if (!sel) {
      sel = selectRoiVoxels(roi, vol.dims, vol.affine, opts.thicknessMm);
      selections.set(key, sel);
    }
    const values = new Float64Array(sel.indices.length);
    for (let a = 0; a < values.length; a++) values[a] = vol.data[sel.indices[a]];
    const summary = describeValues(values);
    return { map, ...summary, areaMm2: summary.n * sel.voxelAreaMm2 };
  });
}
