import { describe, expect, it } from 'vitest';
import { expFast } from '../../../src/core/dti/expFast';
import { float32Bits, logFloat32Bits } from '../../../src/core/dti/logFloat32';
import { solveNormal7 } from '../../../src/core/dti/solveNormal7';
import { rng } from './synth';

describe('logFloat32Bits', () => {
  it('matches Math.log within 1e-13 on every 997th positive normal float32', () => {
    const f = new Float32Array(1);
    const bits = new Int32Array(f.buffer);
    let worst = 0;
    for (let b = 0x00800000; b < 0x7f800000; b += 997) {
      bits[0] = b;
      worst = Math.max(worst, Math.abs(logFloat32Bits(b) - Math.log(f[0])));
    }
    expect(worst).toBeLessThan(1e-13);
  });
  it('gives known values', () => {
    expect(logFloat32Bits(float32Bits(1))).toBeCloseTo(0, 14);
    expect(logFloat32Bits(float32Bits(1024))).toBeCloseTo(10 * Math.LN2, 14);
    expect(logFloat32Bits(float32Bits(1000))).toBeCloseTo(6.907755278982137, 13);
    expect(float32Bits(1)).toBe(0x3f800000);
  });
});

describe('expFast', () => {
  it('matches Math.exp to 3e-15 relative over [−700, 700]', () => {
    let worst = 0;
    for (let x = -700; x <= 700; x += 0.000917) worst = Math.max(worst, Math.abs(expFast(x) / Math.exp(x) - 1));
    expect(worst).toBeLessThan(3e-15);
  });
  it('overflows to Infinity, underflows to 0, keeps NaN, and stays finite just below overflow', () => {
    expect(expFast(710)).toBe(Infinity);
    expect(expFast(Infinity)).toBe(Infinity);
    expect(expFast(-746)).toBe(0);
    expect(expFast(-Infinity)).toBe(0);
    expect(expFast(NaN)).toBeNaN();
    expect(expFast(709.78) / Math.exp(709.78)).toBeCloseTo(1, 14);
    expect(expFast(0)).toBe(1);
  });
});

describe('solveNormal7', () => {
  const pack = (a: number[][]): Float64Array => {
    const p = new Float64Array(28);
    for (let k = 0, e = 0; k < 7; k++) for (let l = 0; l <= k; l++) p[e++] = a[k][l];
    return p;
  };
  it('solves random symmetric positive-definite systems to 1e-10', () => {
    const rand = rng(5);
    for (let trial = 0; trial < 50; trial++) {
      const b = Array.from({ length: 10 }, () => Array.from({ length: 7 }, () => rand() * 2 - 1));
      const a = Array.from({ length: 7 }, (_, k) => Array.from({ length: 7 }, (_, l) => b.reduce((s, row) => s + row[k] * row[l], 0) + (k === l ? 0.1 : 0)));
      const x = Array.from({ length: 7 }, () => rand() * 4 - 2);
      const rhs = Float64Array.from(a.map((row) => row.reduce((s, v, l) => s + v * x[l], 0)));
      expect(solveNormal7(pack(a), rhs)).toBe(true);
      for (let k = 0; k < 7; k++) expect(rhs[k]).toBeCloseTo(x[k], 10);
    }
  });
  it('refuses an indefinite or NaN matrix', () => {
    const eye = Array.from({ length: 7 }, (_, k) => Array.from({ length: 7 }, (_, l): number => (k === l ? 1 : 0)));
    const indefinite = eye.map((row) => [...row]);
    indefinite[4][4] = -1;
    expect(solveNormal7(pack(indefinite), new Float64Array(7))).toBe(false);
    const nan = eye.map((row) => [...row]);
    nan[2][2] = NaN;
    expect(solveNormal7(pack(nan), new Float64Array(7))).toBe(false);
  });
});
