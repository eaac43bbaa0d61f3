import { describe, expect, it } from 'vitest';
import { curveFeatures } from '../../../src/core/perfusion/curveFeatures';
import { cumulativeIntegral } from '../../../src/core/perfusion/cumulativeIntegral';
import { delayedCurve } from '../../../src/core/perfusion/delayedCurve';
import { detectBaseline } from '../../../src/core/perfusion/detectBaseline';
import { firstPassEnd } from '../../../src/core/perfusion/firstPassEnd';
import { partialVolumeScale } from '../../../src/core/perfusion/partialVolumeScale';
import { patlakFit } from '../../../src/core/perfusion/patlakFit';
import { resampleLinear } from '../../../src/core/perfusion/resampleLinear';
import { uniformGrid } from '../../../src/core/perfusion/uniformGrid';
import { arterialEnhancement, twoPhaseTimes } from '../../fixtures/perfusionCurves';
import { gaussianPair, mulberry32 } from '../../fixtures/prng';

describe('baseline, grid and integrals', () => {
  it('finds the frames before the bolus, also on the noisy foot of a curve', () => {
    const times = twoPhaseTimes(1);
    expect(detectBaseline(times.map((t) => 40 + arterialEnhancement(t, 6)))).toBe(7); // frames 0–6 s; 7 s is on the foot
    const rand = mulberry32(3);
    const noisy = times.map((t) => 40 + arterialEnhancement(t, 10) + 5 * gaussianPair(rand)[0]);
    expect(detectBaseline(noisy)).toBeGreaterThanOrEqual(9);
    expect(detectBaseline(noisy)).toBeLessThanOrEqual(12);
    expect(detectBaseline([100, 90, 80])).toBe(1);
  });

  it('grids irregular frame times at their median interval and refuses times that do not increase', () => {
    expect(uniformGrid([0, 1, 2, 3, 4, 8, 12])).toEqual({ t0: 0, dt: 1, n: 13 });
    expect(uniformGrid([0, 2, 4.5, 7])).toEqual({ t0: 0, dt: 2.5, n: 3 });
    expect(() => uniformGrid([0, 1, 1, 2])).toThrow(/frame 2: 1 s then 1 s/);
    expect(() => uniformGrid([0])).toThrow(/at least 2 frames/);
  });

  it('resamples, delays and integrates linearly between irregular frames', () => {
    const times = [0, 1, 3, 7];
    const values = [0, 2, 6, 14]; // 2t
    const grid = { t0: 0, dt: 0.5, n: 15 };
    const out = resampleLinear(times, values, grid, new Float64Array(15));
    out.forEach((v, i) => expect(v).toBeCloseTo(2 * 0.5 * i, 12));
    expect(Array.from(delayedCurve(times, values, 2, new Float64Array(4)))).toEqual([0, 0, 2, 10]);
    expect(Array.from(cumulativeIntegral(times, values, new Float64Array(4)))).toEqual([0, 1, 9, 49]);
  });
});

describe('Patlak, first pass and partial volume', () => {
  const times = twoPhaseTimes(1);
  const aif = times.map((t) => arterialEnhancement(t));
  const integral = cumulativeIntegral(times, aif, new Float64Array(times.length));

  it('Patlak recovers K and V exactly from tissue = K·∫aif + V·aif', () => {
    const tissue = aif.map((a, i) => 0.002 * integral[i] + 0.04 * a);
    const fit = patlakFit(tissue, aif, integral, 20);
    expect(fit.k).toBeCloseTo(0.002, 12);
    expect(fit.v).toBeCloseTo(0.04, 12);
    expect(patlakFit(tissue, aif, integral, times.length - 1)).toEqual({ k: 0, v: 0 });
  });

  it('the Patlak phase starts 25 s after the AIF falls below 30 % of its peak', () => {
    const start = firstPassEnd(times, aif);
    const fall = times.findIndex((t, i) => t > 12 && aif[i] <= 0.3 * 350);
    expect(times[start]).toBeGreaterThanOrEqual(times[fall] + 25);
    expect(times[start - 1]).toBeLessThan(times[fall] + 25);
    expect(firstPassEnd(times.slice(0, 30), aif.slice(0, 30))).toBe(30);
  });

  it('scales a partial-volumed AIF up by the VOF/AIF area ratio, never down', () => {
    const vof = aif.map((a) => 2.5 * a);
    expect(partialVolumeScale(times, aif, vof)).toBeCloseTo(2.5, 12);
    expect(partialVolumeScale(times, vof, aif)).toBe(1);
  });

  it('reads peak, time to peak and FWHM', () => {
    const f = curveFeatures([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [0, 2, 4, 6, 8, 10, 8, 6, 4, 2, 0]);
    expect(f).toEqual({ peak: 10, ttp: 5, fwhm: 5 });
  });
});
