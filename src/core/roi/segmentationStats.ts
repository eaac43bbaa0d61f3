import type { RoiStats, ScalarVolume } from '../measure/types';
import { describeValues } from './describeValues';
import { voxelVolumeMm3 } from './voxelAffine';

/**
 * Statistics of a 3D ROI (a label volume, e.g. a brush segmentation) on every map: voxels with
 * labels[v] === label. `labels` must be on each map's grid (nx·ny·nz voxels, same index order).
 * volumeMl = n × voxel volume (|det affine|, mm³) / 1000. A 3D ROI has no plane, so it has no
 * areaMm2 (exported as empty), never a made-up number.
 */
export function segmentationStats(
  labels: Uint8Array,
  label: number,
  volumes: Record<string, ScalarVolume>,
): RoiStats[] {
  const picked: number[] = [];
  for (let v = 0; v < labels.length; v++) if (labels[v] === label) picked.push(v);
  return Object.entries(volumes).map(([map, vol]) => {
    const [nx, ny, nz] = vol.dims;
    if (nx * ny * nz !== labels.length) {
      throw new Error(`label volume has ${labels.length} voxels, map ${map} has ${nx * ny * nz}`);
    }
    const values = new Float64Array(picked.length);
    for (let a = 0; a < picked.length; a++) values[a] = vol.data[picked[a]];
    return {
      map,
      ...describeValues(values),
      volumeMl: (picked.length * voxelVolumeMm3(vol.affine)) / 1000,
    };
  });
}
