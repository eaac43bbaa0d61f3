/**
 * The unenhanced CT of a perfusion series: per slice, the mean of its first `frames(k)` volumes
 * (its table position's baseline frames, before contrast arrives), HU, nx·ny·nz voxels. Maps
 * are fused over it and the mirror plane is estimated on it.
 */
export function baselineImage(data: ArrayLike<number>, dims: readonly [number, number, number, number], frames: (k: number) => number): Float32Array {
  const [nx, ny, nz] = dims;
  const slice = nx * ny;
  const nvox = slice * nz;
  const out = new Float32Array(nvox);
  for (let k = 0; k < nz; k++) {
    const n = Math.max(1, Math.min(dims[3], frames(k)));
    for (let t = 0; t < n; t++) for (let v = k * slice; v < (k + 1) * slice; v++) out[v] += data[t * nvox + v] / n;
  }
  return out;
}
