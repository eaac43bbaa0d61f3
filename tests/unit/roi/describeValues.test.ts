import { describe, expect, it } from 'vitest';
import { describeValues } from '../../../src/core/roi/describeValues';
import { quantileSorted } from '../../../src/core/roi/quantileSorted';

describe('quantileSorted (type 7, R default / numpy linear)', () => {
  it('matches hand computation on 1..10', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // h = 9p: p=.25 → h=2.25 → 3 + .25·1; p=.5 → 5.5; p=.75 → h=6.75 → 7.75
    expect(quantileSorted(x, 0.25)).toBeCloseTo(3.25, 12);
    expect(quantileSorted(x, 0.5)).toBeCloseTo(5.5, 12);
    expect(quantileSorted(x, 0.75)).toBeCloseTo(7.75, 12);
    expect(quantileSorted(x, 0)).toBe(1);
    expect(quantileSorted(x, 1)).toBe(10);
  });
  it('interpolates unequal gaps', () => {
    // sorted [1,3,7,15]; h = 3p: .25 → .75 → 1+.75·2 = 2.5; .5 → 1.5 → 3+.5·4 = 5; .75 → 2.25 → 7+.25·8 = 9
    const x = [1, 3, 7, 15];
    expect(quantileSorted(x, 0.25)).toBeCloseTo(2.5, 12);
    expect(quantileSorted(x, 0.5)).toBeCloseTo(5, 12);
    expect(quantileSorted(x, 0.75)).toBeCloseTo(9, 12);
  });
});

describe('describeValues', () => {
  it('gives mean, sample SD (n−1), quartiles, IQR, min, max', () => {
    const s = describeValues(Float64Array.from([9, 4, 2, 4, 5, 7, 4, 5]));
    expect(s.n).toBe(8);
    expect(s.mean).toBeCloseTo(5, 12);
    expect(s.sd).toBeCloseTo(Math.sqrt(32 / 7), 12); // Σ(x−5)² = 32
    // sorted [2,4,4,4,5,5,7,9]; h = 7p: .25 → 1.75 → 4; .5 → 3.5 → 4.5; .75 → 5.25 → 5+.25·2 = 5.5
    expect(s.q1).toBeCloseTo(4, 12);
    expect(s.median).toBeCloseTo(4.5, 12);
    expect(s.q3).toBeCloseTo(5.5, 12);
    expect(s.iqr).toBeCloseTo(1.5, 12);
    expect(s.min).toBe(2);
    expect(s.max).toBe(9);
  });
  it('an empty sample is n = 0 with NaN statistics', () => {
    const s = describeValues(new Float64Array(0));
    expect(s.n).toBe(0);
    expect(s.mean).toBeNaN();
    expect(s.median).toBeNaN();
  });
});
