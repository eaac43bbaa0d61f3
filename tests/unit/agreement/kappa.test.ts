import { describe, expect, it } from 'vitest';
import { crossTable } from '../../../src/core/agreement/crossTable';
import { weightedKappa } from '../../../src/core/agreement/weightedKappa';

/** Asymptotic SE recovered from a 95 % interval κ ± 1.96·SE. */
const se = (ci: [number, number] | null) => (ci![1] - ci![0]) / (2 * 1.959963984540054);

describe("Cohen's kappa and weighted kappa: published worked examples", () => {
  // SAS/STAT PROC FREQ, Getting Started "Agreement Study" (skin condition, two dermatologists,
  // 88 patients, terrible/poor/marginal/clear): simple kappa 0.3449, ASE 0.0724, 95 % CI 0.2030–0.4868.
  it('SAS skin-condition table: simple kappa 0.3449, ASE 0.0724, CI 0.2030–0.4868', () => {
    const skin = [
      [10, 4, 1, 0],
      [5, 10, 12, 2],
      [2, 4, 12, 5],
      [0, 2, 6, 13],
    ];
    const k = weightedKappa(skin, 'none');
    expect(k.value).toBeCloseTo(0.3449, 4);
    expect(se(k.ci95)).toBeCloseTo(0.0724, 4);
    expect(k.ci95![0]).toBeCloseTo(0.203, 3);
    expect(k.ci95![1]).toBeCloseTo(0.4868, 4);
  });

  // Agresti, Categorical Data Analysis: husbands' × wives' ratings of "sexual fun" (4 ordered
  // categories, 91 couples; Hout, Duncan & Sobel 1987), as analysed in R vcd::Kappa's documented
  // example: unweighted 0.1293 (ASE 0.06860), equal-spacing (linear) weighted 0.2374 (ASE 0.07832).
  const sexualFun = [
    [7, 7, 2, 3],
    [2, 8, 3, 7],
    [1, 5, 4, 9],
    [2, 8, 9, 14],
  ];
  it('SexualFun table: kappa 0.1293 (SE 0.06860), linear weighted 0.2374 (SE 0.07832)', () => {
    const k = weightedKappa(sexualFun, 'none');
    expect(k.value).toBeCloseTo(0.1293, 4);
    expect(se(k.ci95)).toBeCloseTo(0.0686, 4);
    const kl = weightedKappa(sexualFun, 'linear');
    expect(kl.value).toBeCloseTo(0.2374, 4);
    expect(se(kl.ci95)).toBeCloseTo(0.07832, 5);
  });

  it('quadratic weighted kappa equals Lin\'s concordance of the category scores (Schuster 2004 identity)', () => {
    // Expand the table into paired scores 0..3 and compute 2·s_xy/(s_x² + s_y² + (x̄ − ȳ)²), 1/N moments.
    const x: number[] = [];
    const y: number[] = [];
    sexualFun.forEach((row, i) => row.forEach((count, j) => { for (let c = 0; c < count; c++) { x.push(i); y.push(j); } }));
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const mx = mean(x);
    const my = mean(y);
    const sxy = mean(x.map((xi, i) => (xi - mx) * (y[i] - my)));
    const sxx = mean(x.map((xi) => (xi - mx) ** 2));
    const syy = mean(y.map((yi) => (yi - my) ** 2));
    expect(weightedKappa(sexualFun, 'quadratic').value).toBeCloseTo((2 * sxy) / (sxx + syy + (mx - my) ** 2), 12);
  });
});

describe('kappa edge cases', () => {
  it('perfect agreement: 1 with a zero-width interval', () => {
    for (const w of ['none', 'linear', 'quadratic'] as const) {
      const k = weightedKappa([[3, 0], [0, 5]], w);
      expect(k.value).toBeCloseTo(1, 12);
      expect(k.ci95![0]).toBeCloseTo(1, 6);
      expect(k.ci95![1]).toBeCloseTo(1, 6);
    }
  });

  it('every read in one and the same category: null with a reason; no cases: null', () => {
    const k = weightedKappa([[0, 0], [0, 7]], 'none');
    expect(k).toEqual({ value: null, ci95: null, reason: expect.stringMatching(/chance agreement is 1/) });
    expect(weightedKappa([[0, 0], [0, 0]], 'linear').value).toBeNull();
  });

  it('a category never used keeps its place: same unweighted kappa; in the middle it widens the weighted spacing', () => {
    const pairs: [string, string][] = [['a', 'a'], ['a', 'b'], ['b', 'b'], ['b', 'c'], ['c', 'b'], ['c', 'c'], ['a', 'a']];
    const used = crossTable(pairs, ['a', 'b', 'c']);
    const unusedInside = crossTable(pairs, ['a', 'b', 'x', 'c']);
    const unusedAtEnd = crossTable(pairs, ['a', 'b', 'c', 'x']);
    expect(unusedInside[2]).toEqual([0, 0, 0, 0]);
    expect(weightedKappa(unusedInside, 'none').value).toBeCloseTo(weightedKappa(used, 'none').value!, 12);
    // b and c are now 2 steps apart, not 1: the b–c disagreement costs more.
    expect(weightedKappa(unusedInside, 'linear').value).not.toBeCloseTo(weightedKappa(used, 'linear').value!, 3);
    // Weighted kappa is unchanged by scaling all disagreement weights, which is all a level at the end does.
    expect(weightedKappa(unusedAtEnd, 'linear').value).toBeCloseTo(weightedKappa(used, 'linear').value!, 12);
    expect(weightedKappa(unusedAtEnd, 'quadratic').value).toBeCloseTo(weightedKappa(used, 'quadratic').value!, 12);
  });

  it('crossTable counts pairs in the given level order and refuses a label outside the levels', () => {
    expect(crossTable([['hi', 'lo'], ['lo', 'lo']], ['lo', 'hi'])).toEqual([[1, 0], [1, 0]]);
    expect(() => crossTable([['x', 'lo']], ['lo', 'hi'])).toThrow(/label "x" is not one of the levels lo, hi/);
  });
});

describe('kappa interval near perfect agreement', () => {
  it('is cut to kappa\'s range: never above 1', () => {
    // 19 of 20 agree: κ ≈ 0.9, and κ + 1.96·SE would exceed 1.
    const k = weightedKappa([[10, 1], [0, 9]], 'none');
    expect(k.value).toBeCloseTo(0.9, 1);
    expect(k.ci95![1]).toBe(1);
    expect(k.ci95![0]).toBeGreaterThan(0.6);
  });
});
