/**
 * A copy of volume-major data (x fastest; see Volume4D) with the row axis reversed: voxel (i, j, k, t)
 * moves to (i, ny − 1 − j, k, t). dcm2niix writes NIfTI with j running up the image, so NIfTI export
 * pairs this with niftiAffineFromLps (which flips the affine the same way).
 */
export function flipRows<T extends Float32Array | Uint8Array>(data: T, dims: readonly number[], componentsPerVoxel = 1): T {
  const [nx, ny] = dims;
  const rowLength = nx * componentsPerVoxel;
  const planes = data.length / (rowLength * ny);
  const out = new (data.constructor as new (n: number) => T)(data.length);
  for (let p = 0; p < planes; p++) {
    const base = p * ny * rowLength;
    for (let j = 0; j < ny; j++) {
      const src = base + j * rowLength;
      out.set(data.subarray(src, src + rowLength), base + (ny - 1 - j) * rowLength);
    }
  }
  return out;
}
