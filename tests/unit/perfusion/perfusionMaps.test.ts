import { describe, expect, it } from 'vitest';
import { perfusionMaps } from '../../../src/core/perfusion/perfusionMaps';
import { twoPhaseTimes } from '../../fixtures/perfusionCurves';
import { PHANTOM_ARTERY, PHANTOM_TISSUES, PHANTOM_VEIN, perfusionPhantom } from '../../fixtures/perfusionPhantom';

const UNIT = { hematocritFactor: 1, density: 1, oscillationIndex: 0.095 };

function phantomVolume(times: number[]): Float32Array {
  const hu = perfusionPhantom(times);
  const data = new Float32Array(8 * 8 * 2 * times.length);
  times.forEach((t, n) => {
    for (let k = 0; k < 2; k++) for (let j = 0; j < 8; j++) for (let i = 0; i < 8; i++) data[((n * 2 + k) * 8 + j) * 8 + i] = hu(i, j, k, t);
  });
  return data;
}

describe('perfusion maps of a 4D volume', () => {
  const times = twoPhaseTimes(1, 45, 4, 120);
  const data = phantomVolume(times);
  const dims = [8, 8, 2, times.length] as const;
  const result = perfusionMaps({ data, dims, slabs: [{ firstSlice: 0, endSlice: 2, times }], constants: UNIT });
  const voxel = (i: number, j: number, k = 0) => i + 8 * (j + 8 * k);

  it('finds the artery and the sinus automatically and corrects the AIF by their areas', () => {
    expect(result.aif.voxel).toBe(voxel(...PHANTOM_ARTERY));
    expect(result.aif.automatic).toBe(true);
    expect(result.vof?.voxel).toBe(voxel(...PHANTOM_VEIN));
    expect(result.slabs[0].partialVolumeScale).toBeGreaterThan(1.35); // 1/0.7 = 1.43, less the vein's truncated tail
    expect(result.slabs[0].partialVolumeScale).toBeLessThan(1.43);
  });

  it('masks tissue only: vessels and CSF are left out', () => {
    expect(result.mask[voxel(...PHANTOM_ARTERY)]).toBe(0);
    expect(result.mask[voxel(...PHANTOM_VEIN)]).toBe(0);
    expect(result.mask[voxel(3, 0)]).toBe(0);
    expect(result.mask[voxel(3, 4, 1)]).toBe(1);
    expect(result.tissueVoxels).toBe(2 * 8 * 5); // rows 2–6 of both slices: the vessels sit in row 1
  });

  it.each(PHANTOM_TISSUES.map((t, n) => ({ ...t, j: n + 2 })))('$name: maps within the OSIPI criteria', ({ cbf, mtt, delay, ps, j }) => {
    const v = voxel(4, j, 1);
    const cbv = (cbf * mtt) / 60;
    expect(Math.abs(result.maps.cbf[v] - cbf)).toBeLessThanOrEqual(15 + 0.1 * cbf);
    expect(Math.abs(result.maps.cbv[v] - cbv)).toBeLessThanOrEqual(1 + 0.1 * cbv);
    expect(Math.abs(result.maps.ps[v] - ps)).toBeLessThanOrEqual(0.5 + 0.1 * ps);
    expect(Math.abs(result.maps.tmax[v] - delay)).toBeLessThanOrEqual(1);
  });

  it('refuses a volume with no enhancing vessel, saying why', () => {
    const flat = new Float32Array(data.length).fill(35);
    expect(() => perfusionMaps({ data: flat, dims, slabs: [{ firstSlice: 0, endSlice: 2, times }], constants: UNIT })).toThrow(/no arterial input found/);
  });
});
