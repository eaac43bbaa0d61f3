import type { MosaicGrid } from '../types';

/**
 * Splits a mosaic image (Siemens MOSAIC, United Imaging VFRAME) into its slices. The scanner tiles
 * `slices` images of (rows / grid.down) × (columns / grid.across) voxels, row-major from the top-left
 * tile; unused tiles at the end are blank. Input and output are row-major (column index fastest).
 * Returns one contiguous buffer, slice-major: voxel (i, j) of slice k at (k·tileRows + j)·tileColumns + i.
 */
export function unpackMosaic(
  mosaic: Float32Array,
  rows: number,
  columns: number,
  slices: number,
  grid: MosaicGrid,
): { tileRows: number; tileColumns: number; data: Float32Array } {
  const { across, down } = grid;
  if (!Number.isInteger(slices) || slices < 1 || slices > across * down || rows % down !== 0 || columns % across !== 0 || mosaic.length < rows * columns) {
    throw new RangeError(`a ${rows}×${columns} mosaic of ${across}×${down} tiles cannot hold ${slices} slices`);
  }
  const tileRows = rows / down;
  const tileColumns = columns / across;
  const data = new Float32Array(slices * tileRows * tileColumns);
  for (let k = 0; k < slices; k++) {
    const top = Math.floor(k / across) * tileRows;
    const left = (k % across) * tileColumns;
    for (let j = 0; j < tileRows; j++) {
      const src = (top + j) * columns + left;
      data.set(mosaic.subarray(src, src + tileColumns), (k * tileRows + j) * tileColumns);
    }
  }
  return { tileRows, tileColumns, data };
}
