import { describe, expect, it } from 'vitest';
import { volumeWindow } from '../../../src/viewer/volumeWindow';

describe('volumeWindow', () => {
  it('gives CT the brain window (W 80 / L 40 HU) whatever the values', () => {
    expect(volumeWindow(Float32Array.from([-1000, 0, 40, 1500]), 'CT')).toEqual([0, 80]);
  });

  it('spans 0 to the 99.5th percentile of the positive MR voxels, ignoring a few hot voxels and the background', () => {
    // 1000 voxels of signal 1..1000 (in scrambled order), 3 vessels at 50 000, 5000 zeros of background.
    const values = new Float32Array(6003);
    for (let v = 0; v < 1000; v++) values[(v * 7919) % 1000] = v + 1;
    values.set([50_000, 50_000, 50_000], 1000);
    const [low, high] = volumeWindow(values, 'MR');
    expect(low).toBe(0);
    // 1003 positive values sorted: index floor(1003 × 0.995) = 997 holds 998.
    expect(high).toBe(998);
  });

  it('falls back to [0, 1] for an empty or all-zero volume', () => {
    expect(volumeWindow(new Float32Array(10), 'MR')).toEqual([0, 1]);
  });
});
