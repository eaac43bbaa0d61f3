/**
 * Mean of the b0 volumes, voxel by voxel (signal units), from volume-major float data
 * (voxel v of volume t at data[t * nvox + v]). The brain mask and the S0 sanity checks use it.
 * One pass over the voxels with a float64 running sum per voxel (no whole-volume accumulator):
 * this runs on the pool's main thread while the workers wait for the mask.
 */
export function meanB0(data: Float32Array, nvox: number, b0Volumes: ArrayLike<number>): Float32Array {
  const out = new Float32Array(nvox);
  const n = b0Volumes.length;
  if (n === 0) return out;
  const offsets = Int32Array.from({ length: n }, (_, b) => b0Volumes[b] * nvox);
  if (n === 1) {
    out.set(data.subarray(offsets[0], offsets[0] + nvox));
    return out;
  }
  for (let v = 0; v < nvox; v++) {
    let s = 0;
    for (let b = 0; b < n; b++) s += data[offsets[b] + v];
    out[v] = s / n;
  }
  return out;
}
