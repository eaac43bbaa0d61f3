import { describe, expect, it } from 'vitest';
import { icc1 } from '../../../src/core/agreement/icc1';
import { icc2 } from '../../../src/core/agreement/icc2';
import { icc3 } from '../../../src/core/agreement/icc3';
import { meanSquares } from '../../../src/core/agreement/meanSquares';

// Shrout & Fleiss (1979), Psychological Bulletin 86:420–428, Table 2: 6 targets × 4 judges.
const shroutFleiss = [
  [9, 2, 5, 8],
  [6, 1, 3, 2],
  [8, 4, 6, 8],
  [7, 1, 2, 6],
  [10, 5, 6, 9],
  [6, 2, 4, 7],
];

describe('ICCs of Shrout & Fleiss (1979) Table 2', () => {
  const ms = meanSquares(shroutFleiss);

  it('mean squares as published (Table 2 ANOVA: BMS 11.24, WMS 6.26, JMS 32.49, EMS 1.02)', () => {
    expect(ms.n).toBe(6);
    expect(ms.k).toBe(4);
    expect(ms.rows).toBeCloseTo(11.24, 2);
    expect(ms.within).toBeCloseTo(6.26, 2);
    expect(ms.columns).toBeCloseTo(32.49, 2);
    expect(ms.error).toBeCloseTo(1.02, 2);
  });

  // Point values as published (Table 4: .17, .29, .71). The intervals are the F-based ones of
  // S&F / McGraw & Wong as printed by R psych::ICC for this table (its documented example):
  // ICC1 −0.133…0.72, ICC2 0.019…0.76, ICC3 0.342…0.95.
  it('ICC(1,1) = 0.17, 95 % CI −0.133 to 0.72', () => {
    const e = icc1(ms);
    expect(e.value).toBeCloseTo(0.1657, 4);
    expect(e.value!.toFixed(2)).toBe('0.17');
    expect(e.ci95![0]).toBeCloseTo(-0.133, 3);
    expect(e.ci95![1]).toBeCloseTo(0.723, 3);
  });

  it('ICC(2,1) = 0.29, 95 % CI 0.019 to 0.76 (Satterthwaite df)', () => {
    const e = icc2(ms);
    expect(e.value).toBeCloseTo(0.2898, 4);
    expect(e.value!.toFixed(2)).toBe('0.29');
    expect(e.ci95![0]).toBeCloseTo(0.019, 3);
    expect(e.ci95![1]).toBeCloseTo(0.761, 3);
  });

  it('ICC(3,1) = 0.71, 95 % CI 0.342 to 0.95', () => {
    const e = icc3(ms);
    expect(e.value).toBeCloseTo(0.7148, 4);
    expect(e.value!.toFixed(2)).toBe('0.71');
    expect(e.ci95![0]).toBeCloseTo(0.342, 3);
    expect(e.ci95![1]).toBeCloseTo(0.946, 3);
  });
});

describe('ICC edge cases: defined results or a reason, never NaN', () => {
  it('all values equal: every ICC is null with a reason', () => {
    const ms = meanSquares([
      [0.1, 0.1],
      [0.1, 0.1],
      [0.1, 0.1],
    ]);
    for (const e of [icc1(ms), icc2(ms), icc3(ms)]) {
      expect(e.value).toBeNull();
      expect(e.ci95).toBeNull();
      expect(e.reason).toMatch(/all values are equal/);
    }
  });

  it('readers identical on every case: ICC 1, no interval (with a reason)', () => {
    const ms = meanSquares([
      [3, 3],
      [5, 5],
      [9, 9],
    ]);
    for (const e of [icc1(ms), icc2(ms), icc3(ms)]) {
      expect(e.value).toBe(1);
      expect(e.ci95).toBeNull();
      expect(e.reason).toMatch(/no (within-case|residual) variance/);
    }
  });

  it('a constant offset between readers: consistency ICC(3,1) is 1, absolute-agreement ICC(2,1) and ICC(1,1) are lower', () => {
    // Reader B = reader A + 2 on cases 1, 3, 5: MSR = 8, MSC = 6, MSE = 0, MSW = 2.
    const ms = meanSquares([
      [1, 3],
      [3, 5],
      [5, 7],
    ]);
    expect(icc3(ms).value).toBe(1);
    expect(icc2(ms).value).toBeCloseTo((8 - 0) / (8 + 0 + (2 * 6) / 3), 12); // 2/3
    expect(icc1(ms).value).toBeCloseTo((8 - 2) / (8 + 2), 12); // 0.6
  });

  it('no variance between cases: ICC(1,1) at its floor −1/(k − 1) with a degenerate interval', () => {
    const ms = meanSquares([
      [1, 3],
      [3, 1],
    ]);
    // Case means equal (MSR = 0): ICC(1,1) = −MSW/((k − 1)MSW) = −1.
    expect(icc1(ms).value).toBeCloseTo(-1, 12);
    expect(icc1(ms).ci95).toEqual([-1, -1]);
  });

  it('a negative ICC(2,1) whose Satterthwaite df is ≪ 1 still gets a finite interval (found by the seeded property test)', () => {
    const ms = meanSquares([
      [3, 1, 4, 0, 2],
      [0, 0, 1, 5, 2],
      [5, 0, 0, 2, 1],
    ]);
    const e = icc2(ms);
    expect(e.value).toBeCloseTo(-0.2832, 4);
    // v ≈ 0.2, F* ≈ 1e15: the lower bound is at its limit −n·MSE/(k·MSC + (kn − k − n)·MSE) = −13.05/42.45.
    expect(e.ci95![0]).toBeCloseTo(-13.05 / 42.45, 4);
    expect(e.ci95![1]).toBeCloseTo(0.2091, 4);
  });

  it('a ragged table or fewer than 2 × 2 is refused', () => {
    expect(() => meanSquares([[1, 2], [3]])).toThrow(/complete table/);
    expect(() => meanSquares([[1, 2]])).toThrow(/at least 2 cases × 2 readers/);
    expect(() => meanSquares([[1], [2]])).toThrow(/at least 2 cases × 2 readers/);
    expect(() => meanSquares([[1, NaN], [2, 3]])).toThrow(/finite/);
  });
});
