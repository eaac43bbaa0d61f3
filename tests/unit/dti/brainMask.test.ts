import { describe, expect, it } from 'vitest';
import { brainMask } from '../../../src/core/dti/brainMask';
import { brainMaskOfB0Simd, brainMaskSimd } from '../../../src/core/dti/brainMaskSimd';
import { meanB0 } from '../../../src/core/dti/meanB0';
import { dtiSimdKernel } from '../../../src/wasm/dtiKernel';
import { otsuThreshold, otsuThresholdFrom } from '../../../src/core/dti/otsuThreshold';
import { gaussian, rng } from './synth';

describe('otsuThreshold', () => {
  it('separates two well-separated intensity classes', () => {
    const values = [...Array(500).fill(10), ...Array(300).fill(500)];
    const t = otsuThreshold(values);
    expect(t).toBeGreaterThan(10);
    expect(t).toBeLessThan(500);
  });
  it('a constant image gives its value', () => {
    expect(otsuThreshold([7, 7, 7])).toBe(7);
  });
});

describe('rangeHistogram + otsuThresholdFrom (WebAssembly passes) = otsuThreshold, exactly', () => {
  it('on random intensities with skewed classes, NaN and ±∞; the thresholding byte for byte', () => {
    const kernel = dtiSimdKernel()!;
    const rand = rng(11);
    for (let trial = 0; trial < 6; trial++) {
      const n = 5000 + trial * 777;
      const values = Float32Array.from({ length: n }, () => (rand() < 0.3 ? 40 * rand() : 300 + 900 * rand() ** 2));
      if (trial % 2) values[trial * 13] = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY][trial % 3];
      const base = (kernel.heapBase() + 15) & ~15;
      const out = (base + n * 4 + 15) & ~15;
      const mask = out + 258 * 8;
      const need = mask + n - kernel.memory.buffer.byteLength;
      if (need > 0) kernel.memory.grow(Math.ceil(need / 65536));
      new Float32Array(kernel.memory.buffer, base, n).set(values);
      kernel.rangeHistogram(base, n, out);
      const [lo, hi] = new Float64Array(kernel.memory.buffer, out, 2);
      const t = otsuThresholdFrom(lo, hi, new Float64Array(kernel.memory.buffer, out + 16, 256));
      expect(t).toBe(otsuThreshold(values));
      kernel.aboveThreshold(base, n, t * 1.2, mask);
      expect(Array.from(new Uint8Array(kernel.memory.buffer, mask, n))).toEqual(Array.from(values, (v) => (v > t * 1.2 ? 1 : 0)));
    }
  });
});

describe('brainMask on a synthetic head (mean b0)', () => {
  const dims: [number, number, number] = [48, 48, 24];
  const [nx, ny, nz] = dims;
  const rand = rng(5);
  const img = new Float32Array(nx * ny * nz);
  const inBrain = new Uint8Array(img.length);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const v = (k * ny + j) * nx + i;
        const e = ((i - 24) / 18) ** 2 + ((j - 22) / 20) ** 2 + ((k - 12) / 9) ** 2;
        const lesion = ((i - 20) / 4) ** 2 + ((j - 22) / 4) ** 2 + ((k - 12) / 3) ** 2 <= 1; // dark core, enclosed
        const eye = ((i - 43) / 2) ** 2 + ((j - 43) / 2) ** 2 + ((k - 12) / 3) ** 2 <= 1; // bright blob, not touching
        let s = Math.abs(20 * gaussian(rand)); // background noise floor
        if (e <= 1) {
          inBrain[v] = 1;
          s = lesion ? 60 + 10 * gaussian(rand) : 600 + 30 * gaussian(rand);
        } else if (eye) s = 900;
        img[v] = s;
      }
    }
  }

  it('is the head ellipsoid: eye blob dropped, dark lesion core filled', () => {
    const mask = brainMask(img, dims);
    let diff = 0;
    for (let v = 0; v < img.length; v++) if (mask[v] !== inBrain[v]) diff++;
    expect(diff).toBe(0);
  });

  it('the factor scales the threshold: 8 × Otsu (≈ 800) drops the 600-level tissue', () => {
    const full = brainMask(img, dims, 1).reduce((a, b) => a + b, 0);
    const strict = brainMask(img, dims, 8).reduce((a, b) => a + b, 0);
    expect(strict).toBeLessThan(full / 10);
  });

  it('the WebAssembly intensity step (brainMaskSimd) gives brainMask\'s mask bit for bit: any factor, NaN and ±∞ voxels, a constant image', () => {
    const kernel = dtiSimdKernel()!;
    const odd = img.slice();
    odd[5] = Number.NaN;
    odd[77] = Number.POSITIVE_INFINITY;
    odd[901] = Number.NEGATIVE_INFINITY;
    for (const [values, factor] of [[img, 1], [img, 0.7], [img, 8], [odd, 1], [odd, 1.3], [new Float32Array(img.length).fill(42.5), 1]] as const) {
      const expected = brainMask(values, dims, factor);
      expect(brainMaskSimd(kernel, values, dims, factor), `factor ${factor}`).toEqual(expected);
    }
    expect(brainMaskSimd(kernel, img, dims).reduce((a, b) => a + b, 0)).toBe(inBrain.reduce((a, b) => a + b, 0));
    // From b0 volumes of a 4-D series (the mean made by the kernel): b0s at volumes 0, 2, 3 of 4, an odd voxel count.
    const odd3: [number, number, number] = [nx - 1, ny, nz];
    const nvox = odd3[0] * ny * nz;
    const series = Float32Array.from({ length: 4 * nvox }, (_, x) => img[x % nvox] * (1 + 0.01 * Math.floor(x / nvox)) + (x % 7) * 0.37);
    for (const b0s of [[0], [0, 2, 3], [1, 3]]) {
      for (const factor of [1, 1.1]) {
        expect(brainMaskOfB0Simd(kernel, series, b0s, odd3, factor), `b0 ${b0s} factor ${factor}`).toEqual(brainMask(meanB0(series, nvox, b0s), odd3, factor));
      }
    }
    expect(brainMaskSimd(kernel, new Float32Array(0), [0, 0, 0])).toEqual(new Uint8Array(0));
  });
});
