import { describe, expect, it } from 'vitest';
import { blandAltman } from '../../../src/core/agreement/blandAltman';

describe('Bland–Altman', () => {
  // By hand: A = 10 12 15 11 14, B = 9 13 13 10 12 → d = 1 −1 2 1 2; mean 1; Σ(d − 1)² = 6,
  // SD = √(6/4) = 1.224745; limits 1 ∓ 1.96·1.224745 = −1.400500, 3.400500.
  // t(0.975, 4) = 2.776445: bias CI 1 ∓ 2.776445·1.224745/√5 = 1 ∓ 1.520722;
  // limit CI half-width 2.776445·1.224745·√(1/5 + 1.96²/8) = 2.804484.
  it('bias, SD, limits of agreement and their intervals computed by hand', () => {
    const r = blandAltman([10, 12, 15, 11, 14], [9, 13, 13, 10, 12]);
    expect(r.n).toBe(5);
    expect(r.bias.value).toBeCloseTo(1, 12);
    expect(r.sdDifference).toBeCloseTo(1.224745, 6);
    expect(r.loaLow.value).toBeCloseTo(-1.4005, 4);
    expect(r.loaHigh.value).toBeCloseTo(3.4005, 4);
    expect(r.bias.ci95![0]).toBeCloseTo(1 - 1.520722, 5);
    expect(r.bias.ci95![1]).toBeCloseTo(1 + 1.520722, 5);
    expect(r.loaLow.ci95![0]).toBeCloseTo(-1.4005 - 2.804484, 4);
    expect(r.loaHigh.ci95![1]).toBeCloseTo(3.4005 + 2.804484, 4);
    expect(r.points[0]).toEqual({ mean: 9.5, difference: 1 });
    expect(r.points[1]).toEqual({ mean: 12.5, difference: -1 });
  });

  it('fewer than 2 pairs: the one difference is kept, SD and limits are null with a reason', () => {
    const one = blandAltman([4], [3]);
    expect(one.bias).toEqual({ value: 1, ci95: null, reason: '1 case with both readers: at least 2 are needed' });
    expect(one.sdDifference).toBeNull();
    expect(one.loaLow.value).toBeNull();
    expect(one.loaHigh.reason).toMatch(/at least 2/);
    expect(blandAltman([], []).bias.value).toBeNull();
    expect(() => blandAltman([1, 2], [1])).toThrow(/paired/);
  });
});
