import { describe, expect, it } from 'vitest';
import { intracranialMask } from '../../../src/core/perfusionReview/intracranialMask';
import { perfusionVolumes } from '../../../src/core/perfusionReview/perfusionVolumes';

// 10×1×1 voxels of 2×1×1 mm (0.002 mL each), x from 0 to 18 mm; midline at x = 9.
const affine = [2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
const dims: [number, number, number] = [10, 1, 1];

describe('perfusionVolumes', () => {
  it('counts core against the reference side and hypoperfusion by Tmax, in mL', () => {
    const cbf = [40, 40, 40, 40, 40, 10, 10, 30, 40, 40];
    const tmax = [0, 0, 0, 0, 0, 8, 8, 7, 0, 0];
    const v = perfusionVolumes(cbf, tmax, new Uint8Array(10).fill(1), dims, affine, { origin: [9, 0, 0], normal: [1, 0, 0] }, { coreRelativeCbf: 0.3, hypoperfusedTmaxS: 6 }, '-');
    expect(v.referenceCbf).toBe(40);
    expect(v.coreMl).toBeCloseTo(0.004, 9);
    expect(v.hypoperfusedMl).toBeCloseTo(0.006, 9);
    expect(v.mismatchMl).toBeCloseTo(0.002, 9);
    expect(v.mismatchRatio).toBeCloseTo(1.5, 9);
    expect(Array.from(v.core)).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 0, 0]);
    expect(v.referenceSide).toBe('-');
    expect(v.midline).toEqual({ origin: [9, 0, 0], normal: [1, 0, 0] });
  });
});

describe('intracranialMask', () => {
  it('keeps what bone encloses and drops what the edge reaches', () => {
    // 5×5 slice: a bone ring (1000 HU) around one 40 HU voxel, 40 HU scalp outside.
    const hu = new Float32Array(25).fill(40);
    for (const p of [6, 7, 8, 11, 13, 16, 17, 18]) hu[p] = 1000;
    const m = intracranialMask(hu, [5, 5, 1]);
    expect(Array.from(m).flatMap((x, p) => (x ? [p] : []))).toEqual([12]);
  });
});
