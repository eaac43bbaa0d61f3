import { describe, expect, it } from 'vitest';
import type { ScalarVolume } from '../../../src/core/measure/types';
import { segmentationStats } from '../../../src/core/roi/segmentationStats';
import { affineFrom, rotation } from './geometry';

describe('segmentationStats', () => {
  const dims: [number, number, number] = [20, 16, 12];
  const n = 20 * 16 * 12;
  // Oblique grid: voxel volume is still 0.9 × 1.1 × 2.5 mm³ (rotation keeps volume).
  const affine = affineFrom(rotation([1, 1, 0], 0.3), [0.9, 1.1, 2.5], [5, -3, 40]);
  const k = new Float32Array(n);
  for (let v = 0; v < n; v++) k[v] = Math.floor(v / (20 * 16)); // value = slice index
  const vol: ScalarVolume = { dims, affine, data: k };

  it('a labelled box gives volume = count × voxel volume and the mean of its voxels', () => {
    const labels = new Uint8Array(n);
    // Box i 2..7 (6), j 3..6 (4), k 4..8 (5) labelled 2; a stray voxel labelled 1 elsewhere.
    for (let kk = 4; kk <= 8; kk++) for (let j = 3; j <= 6; j++) for (let i = 2; i <= 7; i++) labels[(kk * 16 + j) * 20 + i] = 2;
    labels[0] = 1;
    const [s] = segmentationStats(labels, 2, { k: vol });
    expect(s.n).toBe(120);
    expect(s.volumeMl).toBeCloseTo((120 * 0.9 * 1.1 * 2.5) / 1000, 9);
    expect(s.mean).toBeCloseTo(6, 9); // slices 4..8 equally represented
    expect(s.median).toBe(6);
    expect(s.min).toBe(4);
    expect(s.max).toBe(8);
    expect(s.q1).toBe(5); // type 7 on 24 each of 4..8: h = 119·.25 = 29.75 → both order stats are 5
    expect(s.areaMm2).toBeUndefined();
  });

  it('refuses a label volume on another grid', () => {
    expect(() => segmentationStats(new Uint8Array(10), 1, { k: vol })).toThrow(/voxels/);
  });
});
