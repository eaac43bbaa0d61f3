import { describe, expect, it } from 'vitest';
import { axialDiffusivity, fractionalAnisotropy, meanDiffusivity, radialDiffusivity } from '../../../src/core/dti/tensorMetrics';
import { faFromScaled, faToScaled, fromMicroMm2PerS, toMicroMm2PerS } from '../../../src/core/dti/units';

describe('tensor metrics of analytic tensors', () => {
  it('prolate 1.7, 0.3, 0.3 ×10⁻³ mm²/s: FA = (λ∥−λ⊥)/√(λ∥²+2λ⊥²)', () => {
    const [l1, l2, l3] = [1.7e-3, 0.3e-3, 0.3e-3];
    // closed form for λ2 = λ3: 1.4 / √3.07 = 0.799022...
    expect(fractionalAnisotropy(l1, l2, l3)).toBeCloseTo(1.4 / Math.sqrt(3.07), 12);
    expect(fractionalAnisotropy(l1, l2, l3)).toBeCloseTo(0.799022, 6);
    expect(meanDiffusivity(l1, l2, l3)).toBeCloseTo(0.7667e-3, 7);
    expect(axialDiffusivity(l1)).toBe(1.7e-3);
    expect(radialDiffusivity(l2, l3)).toBeCloseTo(0.3e-3, 15);
  });
  it('isotropic tensor has FA 0, a single non-zero eigenvalue FA 1, the zero tensor FA 0', () => {
    expect(fractionalAnisotropy(0.8e-3, 0.8e-3, 0.8e-3)).toBe(0);
    expect(fractionalAnisotropy(1e-3, 0, 0)).toBeCloseTo(1, 15);
    expect(fractionalAnisotropy(0, 0, 0)).toBe(0);
  });
  it('oblate 1.2, 1.2, 0.2 ×10⁻³: FA = (λ∥−λ⊥)/√(2λ∥²+λ⊥²)·… closed form', () => {
    // mean 0.8667; Σ(λ−m)² = 2·0.3333² + 0.6667² = 0.6667; Σλ² = 2.92 → FA = √(1.5·0.6667/2.92)
    expect(fractionalAnisotropy(1.2e-3, 1.2e-3, 0.2e-3)).toBeCloseTo(Math.sqrt((1.5 * (2 / 3)) / 2.92), 10);
  });
  it('unit conversions for display and export', () => {
    expect(toMicroMm2PerS(0.0008)).toBeCloseTo(800, 9);
    expect(fromMicroMm2PerS(800)).toBeCloseTo(0.0008, 15);
    expect(faToScaled(0.45)).toBeCloseTo(4500, 9);
    expect(faFromScaled(4500)).toBeCloseTo(0.45, 12);
  });
});
