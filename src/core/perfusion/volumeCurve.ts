/**
 * The time curve of voxel `voxel` of a volume-major 4D array (volume t at t·voxels), in its units
 * (HU for CT perfusion), written into `out` (length = number of volumes).
 */
export function volumeCurve(data: ArrayLike<number>, voxels: number, voxel: number, out: Float64Array): Float64Array {
  for (let t = 0; t < out.length; t++) out[t] = data[t * voxels + voxel];
  return out;
}
