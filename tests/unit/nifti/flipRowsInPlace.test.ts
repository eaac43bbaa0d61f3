import { describe, expect, it } from 'vitest';
import { flipRows } from '../../../src/core/volume/flipRows';
import { flipRowsInPlace } from '../../../src/core/volume/flipRowsInPlace';

describe('flipRowsInPlace', () => {
  it.each([
    ['float32, even rows, 2 planes', [3, 4, 2], 1],
    ['float32, odd rows (middle row stays)', [2, 5, 3], 1],
    ['RGB24, odd rows', [4, 3, 2], 3],
  ] as const)('%s: the same values as flipRows, in the array given', (_, dims, components) => {
    const n = dims[0] * dims[1] * dims[2] * components;
    const data = components === 3 ? Uint8Array.from({ length: n }, (_, i) => (i * 37) % 256) : Float32Array.from({ length: n }, (_, i) => i * 1.5 - 7);
    const expected = Array.from(flipRows(data, dims, components));
    const flipped = flipRowsInPlace(data, dims, components);
    expect(flipped).toBe(data);
    expect(Array.from(flipped)).toEqual(expected);
    // Voxel (i, 0, k) moved to (i, ny − 1, k): the first value of plane 0's last row is the old first value.
    expect(flipped[(dims[1] - 1) * dims[0] * components]).toBe(components === 3 ? 0 : -7);
  });
});
