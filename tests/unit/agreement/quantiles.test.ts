import { describe, expect, it } from 'vitest';
import { fQuantile, tQuantile, Z975 } from '../../../src/core/agreement/quantiles';

// Reference values: standard F and t tables (e.g. Abramowitz & Stegun 26.6, 26.7), to their printed digits.
describe('distribution quantiles behind the intervals', () => {
  it('F quantiles at 0.975, including fractional df', () => {
    expect(fQuantile(0.975, 5, 15)).toBeCloseTo(3.5764, 4);
    expect(fQuantile(0.975, 15, 5)).toBeCloseTo(6.4277, 4);
    expect(fQuantile(0.975, 5, 18)).toBeCloseTo(3.3820, 4);
    expect(fQuantile(0.975, 1, 10)).toBeCloseTo(6.9367, 4);
    // F(1, ν) is t(ν)²: the fractional-df path agrees with the t quantile.
    expect(fQuantile(0.95, 1, 7.5)).toBeCloseTo(tQuantile(0.975, 7.5) ** 2, 6);
  });

  it('t quantiles at 0.975 and z', () => {
    expect(tQuantile(0.975, 4)).toBeCloseTo(2.7764, 4);
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.2281, 4);
    expect(tQuantile(0.975, 1000)).toBeCloseTo(1.9623, 4);
    expect(Z975).toBeCloseTo(1.96, 2);
  });
});

describe('F quantiles at fractional df ≪ 1 (Satterthwaite df of a negative ICC(2,1))', () => {
  it('match the closed form of F(2, ν): P(F > x) = (1 + 2x/ν)^(−ν/2) ⇒ x = (ν/2)((1 − p)^(−2/ν) − 1)', () => {
    for (const nu of [0.198, 0.5, 1, 3.7]) {
      const exact = (nu / 2) * (0.025 ** (-2 / nu) - 1);
      expect(fQuantile(0.975, 2, nu) / exact).toBeCloseTo(1, 9);
    }
  });
});
