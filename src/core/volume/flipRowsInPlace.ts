/**
 * `flipRows` on `data` itself, for a caller that owns the values and needs them only flipped (the
 * CLI writing maps it computed): rows j and ny − 1 − j of each plane swapped through one row of
 * scratch, so a large map is flipped without a second array of its size. Returns `data`.
 */
export function flipRowsInPlace<T extends Float32Array | Uint8Array>(data: T, dims: readonly number[], componentsPerVoxel = 1): T {
  const [nx, ny] = dims;
  const rowLength = nx * componentsPerVoxel;
  const planes = data.length / (rowLength * ny);
  const row = new (data.constructor as new (n: number) => T)(rowLength);
  for (let p = 0; p < planes; p++) {
    const base = p * ny * rowLength;
    for (let j = 0; j < ny >> 1; j++) {
      const a = base + j * rowLength;
      const b = base + (ny - 1 - j) * rowLength;
      row.set(data.subarray(a, a + rowLength));
      data.copyWithin(a, b, b + rowLength);
      data.set(row, b);
    }
  }
  return data;
}
