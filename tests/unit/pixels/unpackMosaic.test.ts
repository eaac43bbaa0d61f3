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
    const { tileRows, tileColumns, data } = unpackMosaic(mosaic, rows, columns, 5, { across: 3, down: 3 });
    expect([tileRows, tileColumns]).toEqual([2, 3]);
    for (let k = 0; k < 5; k++)
      for (let j = 0; j < 2; j++)
        for (let i = 0; i < 3; i++) expect(data[(k * 2 + j) * 3 + i]).toBe(10 * k + j * 3 + i);
  });

  it('takes 20 slices of 2×2 from a United Imaging 5-across, 4-down grid (no blank row)', () => {
    // 8 rows × 10 columns: tile (r, c) holds 10·(5r + c) + local index, as the uMR's 320×256 grid of 64×64 tiles.
    const mosaic = new Float32Array(8 * 10);
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 10; x++) mosaic[y * 10 + x] = 10 * (Math.floor(y / 2) * 5 + Math.floor(x / 2)) + (y % 2) * 2 + (x % 2);
    const { tileRows, tileColumns, data } = unpackMosaic(mosaic, 8, 10, 20, { across: 5, down: 4 });
    expect([tileRows, tileColumns]).toEqual([2, 2]);
    for (let k = 0; k < 20; k++)
      for (let j = 0; j < 2; j++) for (let i = 0; i < 2; i++) expect(data[(k * 2 + j) * 2 + i]).toBe(10 * k + j * 2 + i);
  });

  it('refuses a mosaic that cannot hold the slice count', () => {
    expect(() => unpackMosaic(new Float32Array(100), 10, 10, 9, { across: 3, down: 3 })).toThrow(RangeError);
    expect(() => unpackMosaic(new Float32Array(100), 10, 10, 7, { across: 2, down: 2 })).toThrow(RangeError);
  });
});
