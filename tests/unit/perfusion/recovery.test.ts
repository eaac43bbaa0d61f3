import { describe, expect, it } from 'vitest';
import { perfusionModel } from '../../../src/core/perfusion/perfusionModel';
import { voxelPerfusion } from '../../../src/core/perfusion/voxelPerfusion';
import type { PerfusionValues } from '../../../src/core/perfusion/types';
import { arterialEnhancement, tissueEnhancement, twoPhaseTimes } from '../../fixtures/perfusionCurves';
import { gaussianPair, mulberry32 } from '../../fixtures/prng';

/** Hematocrit factor and density 1: the synthetic truth's units (ml/100 ml) are the maps' units. */
const UNIT = { hematocritFactor: 1, density: 1, oscillationIndex: 0.095 };
/** 1 s frames to 44 s, then every 4 s to 120 s (a two-phase first-pass + Patlak protocol). */
const times = twoPhaseTimes(1, 45, 4, 120);
const model = perfusionModel(times, times.map((t) => 40 + arterialEnhancement(t)), null, UNIT);
/** Frame noise of an ROI mean (≈ 3 HU voxels over ~100 voxels); 9 seeded realisations, medians compared. */
const SIGMA = 0.3;
const REALISATIONS = 9;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

function medianFit(truth: { cbf: number; mtt: number; delay: number; ps: number }): Pick<PerfusionValues, 'cbf' | 'cbv' | 'ps' | 'tmax'> {
  const clean = tissueEnhancement(times, (t) => arterialEnhancement(t), {
    cbf: truth.cbf / 6000, mtt: truth.mtt, delay: truth.delay, ps: truth.ps / 6000,
  });
  const fits = Array.from({ length: REALISATIONS }, (_, r) => {
    const rand = mulberry32(truth.delay * 100000 + truth.cbf * 1000 + truth.ps * 10 + r);
    return voxelPerfusion(model, clean.map((v) => v + 35 + SIGMA * gaussianPair(rand)[0]));
  });
  return {
    cbf: median(fits.map((f) => f.cbf)),
    cbv: median(fits.map((f) => f.cbv)),
    ps: median(fits.map((f) => f.ps)),
    tmax: median(fits.map((f) => f.tmax)),
  };
}

describe('perfusion maths recovers known parameters within the OSIPI criteria', () => {
  const cases = [];
  for (const delay of [0, 2, 4, 6, 8])
    for (const [cbf, mtt] of [[20, 6], [40, 5], [60, 4]])
      for (const ps of [0, 2, 5, 15]) cases.push({ delay, cbf, mtt, ps });

  it.each(cases)('delay $delay s, CBF $cbf ml/100 ml/min, MTT $mtt s, PS $ps ml/100 ml/min', (truth) => {
    const got = medianFit(truth);
    const cbv = (truth.cbf * truth.mtt) / 60;
    expect(Math.abs(got.cbf - truth.cbf)).toBeLessThanOrEqual(15 + 0.1 * truth.cbf);
    expect(Math.abs(got.cbv - cbv)).toBeLessThanOrEqual(1 + 0.1 * cbv);
    expect(Math.abs(got.ps - truth.ps)).toBeLessThanOrEqual(0.5 + 0.1 * truth.ps);
    expect(Math.abs(got.tmax - truth.delay)).toBeLessThanOrEqual(model.grid.dt);
  });
});

describe('known biases, stated with figures (noise-free unless said)', () => {
  it('oSVD underestimates CBF, the more so at high flow: CBF 80 ml/100 ml/min, MTT 3 s reads 66–90 % of truth', () => {
    // Noise-free ratios measured at delays 0, 2, 4, 8 s: 0.72, 0.80, 0.67, 0.66 (CBF 80, MTT 3);
    // 0.77, 1.00, 0.83, 0.93 (CBF 20, MTT 6). The truncation that keeps the residue from
    // oscillating also flattens its peak; outside the OSIPI tolerance at CBF 80 for most delays.
    for (const delay of [0, 2, 4, 8]) {
      const clean = tissueEnhancement(times, (t) => arterialEnhancement(t), { cbf: 80 / 6000, mtt: 3, delay, ps: 0 });
      const ratio = voxelPerfusion(model, clean.map((v) => v + 35)).cbf / 80;
      expect(ratio).toBeGreaterThan(0.6);
      expect(ratio).toBeLessThan(0.9);
    }
  });

  it('CBV stays unbiased where CBF is not (the area is the first singular component, never truncated)', () => {
    const clean = tissueEnhancement(times, (t) => arterialEnhancement(t), { cbf: 120 / 6000, mtt: 2, delay: 0, ps: 0 });
    expect(voxelPerfusion(model, clean.map((v) => v + 35)).cbv).toBeCloseTo(4, 0);
  });

  it('PS by Patlak is noise-limited at the voxel: 1 HU frame noise gives a spread of ~1.1 ml/100 ml/min', () => {
    // 200 realisations of CBF 40, MTT 5 s, delay 2 s, PS 5 at σ = 1 HU: PS 5.52 ± 1.14, CBF 34.0 ± 9.0,
    // CBV 2.77 ± 1.73 (truth 3.33). At σ = 3 HU (a raw CT voxel is noisier still): PS 5.9 ± 11.8,
    // CBF 45.7 ± 19.4, CBV 4.9 ± 4.6. PS maps need ROI means or smoothing.
    const clean = tissueEnhancement(times, (t) => arterialEnhancement(t), { cbf: 40 / 6000, mtt: 5, delay: 2, ps: 5 / 6000 });
    const ps: number[] = [];
    for (let r = 0; r < 200; r++) {
      const rand = mulberry32(7000 + r);
      ps.push(voxelPerfusion(model, clean.map((v) => v + 35 + gaussianPair(rand)[0])).ps);
    }
    const mean = ps.reduce((a, b) => a + b) / ps.length;
    const sd = Math.sqrt(ps.reduce((a, b) => a + (b - mean) ** 2, 0) / (ps.length - 1));
    expect(mean).toBeGreaterThan(4.5);
    expect(mean).toBeLessThan(6.5);
    expect(sd).toBeGreaterThan(0.8);
    expect(sd).toBeLessThan(1.6);
  });
});
