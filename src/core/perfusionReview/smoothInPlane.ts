/**
 * In-plane 3×3 mean of a map over the voxels of `mask` (nx·ny·nz, voxels outside the mask neither
 * read nor written: 0): the smoothing perfusion software applies before thresholding, so single
 * noisy voxels of an unsmoothed deconvolution do not count as core. Units as the input's.
 */
export function smoothInPlane(values: ArrayLike<number>, mask: ArrayLike<number>, dims: readonly [number, number, number]): Float32Array {
  const [nx, ny, nz] = dims;
  const out = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const v = i + nx * (j + ny * k);
        if (!mask[v]) continue;
        let sum = 0;
        let n = 0;
        for (let dj = -1; dj <= 1; dj++)
          for (let di = -1; di <= 1; di++) {
            const a = i + di;
            const b = j + dj;
            if (a < 0 || b < 0 || a >= nx || b >= ny) continue;
            const w = a + nx * (b + ny * k);
            if (!mask[w]) continue;
            sum += values[w];
            n++;
          }
        out[v] = sum / n;
      }
  return out;
}
