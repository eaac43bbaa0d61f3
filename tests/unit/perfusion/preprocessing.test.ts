import { describe, expect, it } from 'vitest';
import { frameMotion, headMoments } from '../../../src/core/perfusion/frameMotion';
import { perfusionMaps } from '../../../src/core/perfusion/perfusionMaps';
import { wholeVolumeView } from '../../../src/core/perfusion/sliceRangeView';
import { gaussianKernel, smoothCurve, smoothSlice, temporalWeights } from '../../../src/core/perfusion/smoothing';
import { twoPhaseTimes } from '../../fixtures/perfusionCurves';
import { PHANTOM_TISSUES, perfusionPhantom } from '../../fixtures/perfusionPhantom';
import { gaussianPair, mulberry32 } from '../../fixtures/prng';

const UNIT = { hematocritFactor: 1, density: 1, oscillationIndex: 0.095 };
const TIMES = twoPhaseTimes(1, 45, 4, 120);

describe('smoothing', () => {
  it('along time: weights by seconds, rows sum to 1, a straight line stays straight (irregular frames too)', () => {
    const w = temporalWeights(TIMES, 3)!;
    const n = TIMES.length;
    for (let i = 0; i < n; i++) expect(w.subarray(i * n, (i + 1) * n).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const line = TIMES.map((t) => 2 * t + 1);
    const out = smoothCurve(w, line, new Float64Array(n));
    // Away from the ends and from the switch of interval (44–48 s), the symmetric weights keep a line.
    for (let i = 5; i < 40; i++) expect(out[i]).toBeCloseTo(line[i], 9);
    expect(temporalWeights(TIMES, 0)).toBeNull();
  });

  it('across a slice: a constant stays constant (edges renormalised), a point spreads to the kernel', () => {
    const k = gaussianKernel(4, 2); // FWHM 4 mm on 2-mm voxels: σ = 0.85 voxel
    expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(k.length).toBe(7);
    const flat = new Float32Array(64).fill(35);
    smoothSlice(flat, 8, 8, k, k, new Float32Array(64));
    flat.forEach((v) => expect(v).toBeCloseTo(35, 4));
    const point = new Float32Array(64);
    point[4 * 8 + 4] = 100;
    smoothSlice(point, 8, 8, k, k, new Float32Array(64));
    expect(point[4 * 8 + 4]).toBeCloseTo(100 * k[3] * k[3], 3);
    expect(point[4 * 8 + 3]).toBeCloseTo(100 * k[3] * k[2], 3); // its window lies inside the slice: no renormalisation
    expect(gaussianKernel(0, 2)).toEqual(Float64Array.of(1));
  });

  it('smoothing noisy phantom curves brings the maps closer to the truth; the record says what was applied', () => {
    const hu = perfusionPhantom(TIMES);
    const [nx, ny, nz, nt] = [8, 8, 2, TIMES.length];
    const data = new Float32Array(nx * ny * nz * nt);
    const rand = mulberry32(5);
    for (let n = 0; n < nt; n++)
      for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) data[((n * nz + k) * ny + j) * nx + i] = hu(i, j, k, TIMES[n]) + (j >= 2 && j <= 6 ? 4 * gaussianPair(rand)[0] : 0);
    const base = { data, dims: [nx, ny, nz, nt] as const, spacing: [2, 2, 5] as const, slabs: [{ firstSlice: 0, endSlice: 2, times: TIMES }], constants: UNIT, aifVoxel: 9, vofVoxel: 14 };
    const raw = perfusionMaps(base);
    const smooth = perfusionMaps({ ...base, smoothing: { temporalFwhmS: 3, inPlaneFwhmMm: 0 } });
    expect(smooth.smoothing).toEqual({ temporalFwhmS: 3, inPlaneFwhmMm: 0 });
    expect(raw.smoothing).toEqual({ temporalFwhmS: 0, inPlaneFwhmMm: 0 });
    // CBV error over the tissue rows (4 HU frame noise): smoothing along time lowers it.
    const error = (maps: typeof raw) => {
      let sum = 0;
      PHANTOM_TISSUES.forEach((t, row) => {
        for (let k = 0; k < 2; k++) for (let i = 0; i < 8; i++) sum += Math.abs(maps.maps.cbv[i + 8 * (row + 2) + 64 * k] - (t.cbf * t.mtt) / 60);
      });
      return sum / 80;
    };
    expect(error(smooth)).toBeLessThan(error(raw));
    // In-plane smoothing mixes rows of different tissue: a row's CBF moves toward its neighbours'.
    const plane = perfusionMaps({ ...base, smoothing: { temporalFwhmS: 0, inPlaneFwhmMm: 4 } });
    expect(plane.smoothing.inPlaneFwhmMm).toBe(4);
    expect(plane.maps.cbf[4 + 8 * 2]).not.toBe(raw.maps.cbf[4 + 8 * 2]);
    expect(() => perfusionMaps({ ...base, spacing: undefined, smoothing: { temporalFwhmS: 0, inPlaneFwhmMm: 4 } })).toThrow(/in-plane smoothing needs the voxel size/);
  });
});

describe('head motion check', () => {
  /** A 10×10×3 head of 30 HU in air, 6 frames; from frame 4 on it sits `shift` voxels further along i. */
  function moving(shift: number): Float32Array {
    const [nx, ny, nz, nt] = [10, 10, 3, 6];
    const data = new Float32Array(nx * ny * nz * nt).fill(-1000);
    for (let t = 0; t < nt; t++)
      for (let k = 0; k < nz; k++)
        for (let j = 2; j < 8; j++) for (let i = 2; i < 6; i++) data[((t * nz + k) * ny + j) * nx + i + (t >= 4 ? shift : 0)] = 30 + (t === 2 ? 200 : 0);
    return data;
  }

  it('reports the largest frame-to-frame displacement of the head, in mm, and the frame', () => {
    const m = frameMotion(headMoments(wholeVolumeView(moving(2), [10, 10, 3, 6])), [0.5, 0.5, 5]);
    expect(m.maxDisplacementMm).toBeCloseTo(1, 9); // 2 voxels of 0.5 mm
    expect(m.frame).toBe(4);
    expect(m.perFrameMm).toEqual([0, 0, 0, 0, expect.closeTo(1, 9), 0]);
  });

  it('is not fooled by enhancement (frame 2 is 200 HU brighter) and is zero for a still head', () => {
    expect(frameMotion(headMoments(wholeVolumeView(moving(0), [10, 10, 3, 6])), [0.5, 0.5, 5]).maxDisplacementMm).toBe(0);
  });

  it('moments of slice ranges add up to the whole volume\'s', () => {
    const data = moving(3);
    const dims = [10, 10, 3, 6] as const;
    const whole = headMoments(wholeVolumeView(data, dims));
    const a = headMoments(wholeVolumeView(data, dims, 0, 1));
    const b = headMoments(wholeVolumeView(data, dims, 1, 3));
    expect(Array.from(a.map((v, i) => v + b[i]))).toEqual(Array.from(whole));
  });
});
