/**
 * Splits a Siemens MOSAIC image into its slices. The scanner tiles `slices` images of
 * (rows / n) × (columns / n) voxels, n = ceil(√slices), row-major from the top-left tile;
 * unused tiles at the end are blank. Input and output are row-major (column index fastest).
 * Returns one contiguous buffer, slice-major: voxel (i, j) of slice k at (k·tileRows + j)·tileColumns + i.
 */
export function unpackMosaic(
  mosaic: Float32Array,
  rows: number,
  columns: number,
  slices: number,
): { tileRows: number; tileColumns: number; data: Float32Array } {
  const perSide = Math.ceil(Math.sqrt(slices));
  if (!Number.isInteger(slices) || slices < 1 || rows % perSide !== 0 || columns % perSide !== 0 || mosaic.length < rows * columns) {
    throw new RangeError(`a ${rows}×${columns} mosaic cannot hold ${slices} slices`);
  }
  const tileRows = rows / perSide;
  const tileColumns = columns / perSide;
  const data = new Float32Array(slices * tileRows * tileColumns);
  for (let k = 0; k < slices; k++) {
    const top = Math.floor(k / perSide) * tileRows;
    const left = (k % perSide) * tileColumns;
    for (let j = 0; j < tileRows; j++) {
      const src = (top + j) * columns + left;
      data.set(mosaic.subarray(src, src + tileColumns), (k * tileRows + j) * tileColumns);
    }
  }
  return { tileRows, tileColumns, data };
}
