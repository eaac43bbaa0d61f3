import { describe, expect, it } from 'vitest';
import { curveFeatures } from '../../../src/core/perfusion/curveFeatures';
import { selectAif } from '../../../src/core/perfusion/selectAif';
import { selectVof } from '../../../src/core/perfusion/selectVof';
import { arterialEnhancement, twoPhaseTimes, venousEnhancement } from '../../fixtures/perfusionCurves';

describe('automatic AIF and VOF selection', () => {
  const times = twoPhaseTimes(1);
  const curves = [
    times.map((t) => 0.3 * arterialEnhancement(t)), // 0: partial-volumed artery
    times.map((t) => arterialEnhancement(t, 6, 300)), // 1: the artery
    times.map((t) => arterialEnhancement(t - 3, 6, 260)), // 2: a later, delayed artery (partial-volumed)
    venousEnhancement(times, 6, 400), // 3: the sinus: late, highest (no partial volume)
    times.map((t) => 0.1 * arterialEnhancement(t - 4)), // 4: tissue
  ];
  const features = curves.map((c) => curveFeatures(times, c));

  it('picks the early, high, narrow arterial curve', () => {
    expect(selectAif(features)).toBe(1);
  });

  it('picks the late, high venous curve', () => {
    expect(selectVof(features, features[1].ttp)).toBe(3);
  });

  it('returns -1 when nothing enhances or nothing peaks late', () => {
    expect(selectAif([curveFeatures(times, times.map(() => 0))])).toBe(-1);
    expect(selectVof([features[1]], features[1].ttp)).toBe(-1);
  });
});
