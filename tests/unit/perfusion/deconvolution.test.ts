import { describe, expect, it } from 'vitest';
import { circulantSvd } from '../../../src/core/perfusion/circulantSvd';
import { deconvolveOsvd } from '../../../src/core/perfusion/deconvolveOsvd';
import { bindOsvdSimd } from '../../../src/core/perfusion/deconvolveOsvdSimd';
import { oscillationIndex } from '../../../src/core/perfusion/oscillationIndex';
import { residueCentroid } from '../../../src/core/perfusion/residueCentroid';
import { residueDelay } from '../../../src/core/perfusion/residueDelay';
import { perfusionSimdKernel } from '../../../src/wasm/perfusionKernel';
import { gammaVariate } from '../../fixtures/perfusionCurves';
import { gaussianPair, mulberry32 } from '../../fixtures/prng';

describe('block-circulant SVD deconvolution', () => {
  const n = 24;
  const dt = 1.5;
  const aif = Array.from({ length: n }, (_, i) => gammaVariate(i * dt, 1, 2, 300, 1.5)); // narrow: well conditioned
  const svd = circulantSvd(aif, dt);

  it('factorises the 2n × 2n block-circulant matrix: U·S·Vᵀ rebuilds dt·(a[k−1] + 4a[k] + a[k+1])/6', () => {
    const { L, s, uT, vT } = svd;
    expect(L).toBe(2 * n);
    const at = (k: number): number => (k >= 0 && k < n ? aif[k] : 0);
    for (const [i, j] of [[0, 0], [5, 2], [3, 7], [40, 1], [47, 30]]) {
      let d = 0;
      for (let k = 0; k < L; k++) d += uT[k * L + i] * s[k] * vT[k * L + j];
      const lag = (i - j + L) % L;
      expect(d).toBeCloseTo((dt / 6) * (at(lag - 1) + 4 * at(lag) + at(lag + 1)), 8);
    }
    for (let k = 1; k < L; k++) expect(s[k]).toBeLessThanOrEqual(s[k - 1]);
  });

  it('with no oscillation limit, inverts an exact discrete convolution, a delayed residue included', () => {
    // The convolution must end within the n acquired samples: zero-padding states that it does.
    const { L } = svd;
    const truth = new Float64Array(L);
    for (let j = 3; j < 9; j++) truth[j] = 0.01 * Math.exp(-(j - 3) * dt / 4);
    const at = (k: number): number => (k >= 0 && k < n ? aif[k] : 0);
    const tissue = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < L; j++) {
        const lag = (i - j + L) % L;
        tissue[i] += (dt / 6) * (at(lag - 1) + 4 * at(lag) + at(lag + 1)) * truth[j];
      }
    }
    const out = new Float64Array(L);
    const kept = deconvolveOsvd(svd, tissue, Infinity, out);
    expect(kept).toBe(L);
    for (let j = 0; j < n; j++) expect(Math.abs(out[j] - truth[j])).toBeLessThan(1e-7); // of a 0.01 peak (the AIF tail past n is ~1e-5 of its peak)
  });

  it('a tissue curve with no enhancement keeps no component and gives a zero residue', () => {
    const out = new Float64Array(svd.L).fill(7);
    expect(deconvolveOsvd(svd, new Float64Array(n), 0.095, out)).toBe(0);
    expect(out.every((x) => x === 0)).toBe(true);
  });
});

describe('oscillation index and residue delay', () => {
  it('OI is the mean absolute second difference over the peak (Wu 2003)', () => {
    // second differences at k = 2, 3: |0 − 2 + 0| = 2 and |0 − 0 + 1| = 1 → 3 / (4 · 1)
    expect(oscillationIndex([0, 1, 0, 0])).toBeCloseTo(0.75, 12);
    expect(oscillationIndex([1, 1, 1, 1])).toBe(0);
    expect(oscillationIndex([0, -1, 0, 0])).toBe(Infinity);
  });

  it('the delay is where the rising edge crosses half the peak; wrap-around gives negative delays', () => {
    const f = new Float64Array(10);
    f.set([0, 0, 0.5, 1, 0.8, 0.6]);
    expect(residueDelay(f, 3, 5, 2)).toBeCloseTo(4, 12);
    const early = new Float64Array(10);
    early.set([1, 0.5], 0);
    early[9] = 0.5;
    early[8] = 0;
    expect(residueDelay(early, 0, 5, 1)).toBeCloseTo(-1, 12);
  });
});

describe('residue mean time', () => {
  it('is the circular mean: delay + MTT for an exponential, negative past the middle', () => {
    const f = new Float64Array(400);
    for (let j = 3; j < 200; j++) f[j] = Math.exp(-(j - 3) * 0.5 / 4); // dt 0.5 s: delay 1.5 s, MTT 4 s
    expect(residueCentroid(f, 0.5)).toBeCloseTo(1.5 + 4 - 0.25, 1); // the left-rectangle sum's half step
    const early = new Float64Array(400);
    early[398] = 1;
    expect(residueCentroid(early, 0.5)).toBeCloseTo(-1, 9);
  });
});

describe('the WebAssembly SIMD oSVD kernel', () => {
  // n = 45: padded projection (n not a multiple of 4); n = 46: L = 92, the oscillation index's last single pair.
  it.each([45, 46])('gives the JavaScript residues and component counts to rounding, noisy curves and no enhancement alike (n = %i)', (n) => {
    const kernel = perfusionSimdKernel();
    expect(kernel).not.toBeNull();
    const dt = 1.5;
    const aif = Array.from({ length: n }, (_, i) => gammaVariate(i * dt, 6, 2.5, 350, 2));
    const svd = circulantSvd(aif, dt);
    const simd = bindOsvdSimd(kernel!, svd, 0.095);
    const rand = mulberry32(3);
    for (let c = 0; c < 40; c++) {
      const tissue = Float64Array.from({ length: n }, (_, i) => (c === 0 ? 0 : gammaVariate(i * dt, 7 + (c % 5), 4, 20 + c, 2) + gaussianPair(rand)[0]));
      const js = new Float64Array(svd.L);
      const wasm = new Float64Array(svd.L);
      expect(simd(tissue, wasm)).toBe(deconvolveOsvd(svd, tissue, 0.095, js));
      const scale = Math.max(1e-30, ...js.map(Math.abs));
      js.forEach((v, i) => expect(Math.abs(wasm[i] - v) / scale).toBeLessThan(1e-12));
    }
  });
});
