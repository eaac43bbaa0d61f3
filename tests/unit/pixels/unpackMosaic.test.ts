import { describe, expect, it } from 'vitest';
import { unpackMosaic } from '../../../src/core/dicom/pixels/unpackMosaic';

describe('unpackMosaic', () => {
  it('takes 5 slices of 2×3 from a 3×3-tile mosaic, row-major tiles', () => {
    // Mosaic of 6 rows × 9 columns: tile (r, c) holds value 10·(3r + c) + local index.
    const rows = 6;
    const columns = 9;
    const mosaic = new Float32Array(rows * columns);
    for (let y = 0; y < rows; y++)
      for (let x = 0; x < columns; x++) {
        const tile = Math.floor(y / 2) * 3 + Math.floor(x / 3);
        mosaic[y * columns + x] = 10 * tile + (y % 2) * 3 + (x % 3);
      }
    const { tileRows, tileColumns, data } = unpackMosaic(mosaic, rows, columns, 5);
    expect([tileRows, tileColumns]).toEqual([2, 3]);
    for (let k = 0; k < 5; k++)
      for (let j = 0; j < 2; j++)
        for (let i = 0; i < 3; i++) expect(data[(k * 2 + j) * 3 + i]).toBe(10 * k + j * 3 + i);
  });

  it('refuses a mosaic that cannot hold the slice count', () => {
    expect(() => unpackMosaic(new Float32Array(100), 10, 10, 9)).toThrow(RangeError);
  });
});
