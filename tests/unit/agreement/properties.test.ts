import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { icc1 } from '../../../src/core/agreement/icc1';
import { icc2 } from '../../../src/core/agreement/icc2';
import { icc3 } from '../../../src/core/agreement/icc3';
import { meanSquares } from '../../../src/core/agreement/meanSquares';
import { weightedKappa } from '../../../src/core/agreement/weightedKappa';

const runs = { numRuns: 200, seed: 18 };

/** n cases × k readers of small integer ratings (ties and equal values are likely, as in real reads). */
const ratingTables = fc
  .tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 5 }))
  .chain(([n, k]) => fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: k, maxLength: k }), { minLength: n, maxLength: n }));

const countTables = fc.integer({ min: 2, max: 5 }).chain((c) => fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: c, maxLength: c }), { minLength: c, maxLength: c }));

describe('agreement statistics: properties (seeded)', () => {
  // ICC(2,1)'s interval is Satterthwaite's approximation: with an estimate below 0 (tiny samples with
  // MSC < MSE can even give < −1, e.g. [[6, 1], [2, 4]] → −4.8) it need not contain the estimate.
  it('every ICC is null with a reason or a number ≤ 1 (inside its interval when ≥ 0 for ICC(2,1)), and unchanged by a change of unit (a·x + b)', () => {
    fc.assert(
      fc.property(ratingTables, fc.double({ min: 0.001, max: 1000, noNaN: true }), fc.double({ min: -1e4, max: 1e4, noNaN: true }), (table, a, b) => {
        const ms = meanSquares(table);
        const scaled = meanSquares(table.map((row) => row.map((x) => a * x + b)));
        for (const icc of [icc1, icc2, icc3]) {
          const e = icc(ms);
          const s = icc(scaled);
          if (e.value === null) {
            expect(e.reason).toBeTruthy();
            expect(s.value).toBeNull();
            continue;
          }
          expect(e.value).toBeLessThanOrEqual(1 + 1e-12);
          expect(s.value).toBeCloseTo(e.value, 6);
          if (e.ci95 && (icc !== icc2 || e.value >= 0)) {
            expect(e.ci95[0]).toBeLessThanOrEqual(e.value + 1e-9);
            expect(e.ci95[1]).toBeGreaterThanOrEqual(e.value - 1e-9);
          } else if (!e.ci95) expect(e.reason).toBeTruthy();
        }
      }),
      runs,
    );
  });

  it('kappas: swapping the two readers changes nothing; the value lies within [−1, 1] and within its interval', () => {
    fc.assert(
      fc.property(countTables, (table) => {
        const swapped = table.map((_, i) => table.map((row) => row[i]));
        for (const w of ['none', 'linear', 'quadratic'] as const) {
          const k = weightedKappa(table, w);
          const t = weightedKappa(swapped, w);
          if (k.value === null) {
            expect(t.value).toBeNull();
            continue;
          }
          expect(t.value).toBeCloseTo(k.value, 12);
          expect(t.ci95![0]).toBeCloseTo(k.ci95![0], 9);
          expect(Math.abs(k.value)).toBeLessThanOrEqual(1 + 1e-12);
          expect(k.ci95![0]).toBeLessThanOrEqual(k.value + 1e-12);
          expect(k.ci95![1]).toBeGreaterThanOrEqual(k.value - 1e-12);
        }
      }),
      runs,
    );
  });
});
