/**
 * Mean of the b0 volumes, voxel by voxel (signal units), from volume-major float data
 * (voxel v of volume t at data[t * nvox + v]). The brain mask and the S0 sanity checks use it.
 */
export function meanB0(data: Float32Array, nvox: number, b0Volumes: ArrayLike<number>): Float32Array {
  const out = new Float32Array(nvox);
  const n = b0Volumes.length;
  if (n === 0) return out;
  const acc = new Float64Array(nvox);
  for (let b = 0; b < n; b++) {
    const off = b0Volumes[b] * nvox;
    for (let v = 0; v < nvox; v++) acc[v] += data[off + v];
  }
  for (let v = 0; v < nvox; v++) out[v] = acc[v] / n;
  return out;
}
