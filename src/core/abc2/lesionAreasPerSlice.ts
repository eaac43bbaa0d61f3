import type { Vec3 } from '../math/types';
import { isLesion } from './lesionMask';

/**
 * Lesion area of each slice k, mm²: lesion voxel count on the slice × in-plane voxel area
 * (spacing[0] × spacing[1], mm). Index k of the result is slice k of the label volume
 * (data index (k * ny + j) * nx + i). Feed it to kothariSliceWeights / cFromKothari.
 */
export function lesionAreasPerSlice(
  labels: Uint8Array,
  dims: [number, number, number],
  spacing: Vec3,
  label?: number,
): number[] {
  const [nx, ny, nz] = dims;
  const perSlice = nx * ny;
  const areas: number[] = [];
  for (let k = 0; k < nz; k++) {
    let count = 0;
    for (let v = k * perSlice; v < (k + 1) * perSlice; v++) if (isLesion(labels[v], label)) count++;
    areas.push(count * spacing[0] * spacing[1]);
  }
  return areas;
}
