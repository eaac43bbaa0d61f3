import { describe, expect, it } from 'vitest';
import { DEFAULT_BRAIN_DENSITY, DEFAULT_HEMATOCRIT_FACTOR, DEFAULT_OSCILLATION_INDEX } from '../../../src/core/perfusion/constants';
import { perfusionModel } from '../../../src/core/perfusion/perfusionModel';
import { voxelPerfusion } from '../../../src/core/perfusion/voxelPerfusion';
import { arterialEnhancement, tissueEnhancement, twoPhaseTimes, venousEnhancement } from '../../fixtures/perfusionCurves';

describe('constants and AIF partial-volume correction', () => {
  const times = twoPhaseTimes(1);
  const aifHu = times.map((t) => 40 + arterialEnhancement(t));
  const tissue = tissueEnhancement(times, (t) => arterialEnhancement(t), { cbf: 0.008, mtt: 4, delay: 2, ps: 0.0005 }).map((v) => v + 35);
  const unit = { hematocritFactor: 1, density: 1, oscillationIndex: DEFAULT_OSCILLATION_INDEX };
  const reference = voxelPerfusion(perfusionModel(times, aifHu, null, unit), tissue);

  it('defaults to (1 − 0.45)/(1 − 0.25) and 1.04 g/ml, which scale flows and volumes (not times) by their ratio', () => {
    expect(DEFAULT_HEMATOCRIT_FACTOR).toBeCloseTo(0.7333, 4);
    const clinical = { hematocritFactor: DEFAULT_HEMATOCRIT_FACTOR, density: DEFAULT_BRAIN_DENSITY, oscillationIndex: DEFAULT_OSCILLATION_INDEX };
    const got = voxelPerfusion(perfusionModel(times, aifHu, null, clinical), tissue);
    const ratio = DEFAULT_HEMATOCRIT_FACTOR / DEFAULT_BRAIN_DENSITY;
    for (const key of ['cbf', 'cbv', 'ps', 'patlakVolume'] as const) expect(got[key]).toBeCloseTo(reference[key] * ratio, 9);
    for (const key of ['mtt', 'tmax', 'ttp'] as const) expect(got[key]).toBeCloseTo(reference[key], 9);
  });

  it('a partial-volumed AIF (40 % of the true) corrected by the VOF gives the maps of the true AIF', () => {
    const diluted = times.map((t) => 40 + 0.4 * arterialEnhancement(t));
    const vof = venousEnhancement(times).map((v) => 40 + v);
    const model = perfusionModel(times, diluted, vof, unit);
    // 2.43, not 2.5: the vein's last 5 s (its delay) of plateau fall after the acquisition ends.
    expect(model.partialVolumeScale).toBeGreaterThan(2.4);
    expect(model.partialVolumeScale).toBeLessThanOrEqual(2.5);
    const got = voxelPerfusion(model, tissue);
    for (const key of ['cbf', 'cbv', 'ps'] as const) expect(Math.abs(got[key] / reference[key] - 1)).toBeLessThan(0.05);
    const uncorrected = voxelPerfusion(perfusionModel(times, diluted, null, unit), tissue);
    expect(uncorrected.cbv / reference.cbv).toBeCloseTo(2.5, 1);
  });
});
