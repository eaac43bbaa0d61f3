import { describe, expect, it } from 'vitest';
import { brainMask } from '../../../src/core/dti/brainMask';
import { otsuThreshold } from '../../../src/core/dti/otsuThreshold';
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
});
