import { describe, expect, it } from 'vitest';
import { eigenSymmetric3 } from '../../../src/core/dti/eigenSymmetric3';
import { randomRotation, rng, tensorFrom, type V3 } from './synth';

const out = new Float64Array(6);
const decompose = (d: number[][]): Float64Array => {
  eigenSymmetric3(Float64Array.of(d[0][0], d[1][1], d[2][2], d[0][1], d[0][2], d[1][2]), out);
  return out;
};
const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

describe('eigenSymmetric3', () => {
  it('recovers eigenvalues and V1 (up to sign) of 1000 random tensors', () => {
    const rand = rng(7);
    for (let n = 0; n < 1000; n++) {
      const ev: V3 = [0.2 + 2 * rand(), 0.2 + 2 * rand(), 0.2 + 2 * rand()].sort((a, b) => b - a) as V3;
      const rot = randomRotation(rand);
      const r = decompose(tensorFrom(ev, rot));
      expect(r[0]).toBeCloseTo(ev[0], 9);
      expect(r[1]).toBeCloseTo(ev[1], 9);
      expect(r[2]).toBeCloseTo(ev[2], 9);
      if (ev[0] - ev[1] > 1e-3) expect(Math.abs(dot(r.subarray(3), rot[0]))).toBeCloseTo(1, 6);
    }
  });
  it('diagonal tensor: axes are the eigenvectors', () => {
    const r = decompose([
      [0.3, 0, 0],
      [0, 1.7, 0],
      [0, 0, 0.5],
    ]);
    expect([r[0], r[1], r[2]]).toEqual([1.7, 0.5, 0.3].map((x) => expect.closeTo(x, 12)));
    expect(Math.abs(r[4])).toBeCloseTo(1, 12);
  });
  it('isotropic tensor: equal eigenvalues, a unit V1, no NaN', () => {
    const r = decompose([
      [0.8, 0, 0],
      [0, 0.8, 0],
      [0, 0, 0.8],
    ]);
    expect([r[0], r[1], r[2]]).toEqual([0.8, 0.8, 0.8].map((x) => expect.closeTo(x, 14)));
    expect(Math.hypot(r[3], r[4], r[5])).toBeCloseTo(1, 12);
  });
  it('oblate tensors: V1 is a unit vector orthogonal to the unique V3', () => {
    const rand = rng(11);
    for (let n = 0; n < 200; n++) {
      const rot = randomRotation(rand);
      const r = decompose(tensorFrom([1.2, 1.2, 0.2], rot));
      // A double root costs the trigonometric solution √ε relative accuracy (~1e-8), far below
      // what FA / MD resolve.
      expect(r[0]).toBeCloseTo(1.2, 7);
      expect(r[1]).toBeCloseTo(1.2, 7);
      expect(r[2]).toBeCloseTo(0.2, 7);
      expect(Math.hypot(r[3], r[4], r[5])).toBeCloseTo(1, 9);
      expect(Math.abs(dot(r.subarray(3), rot[2]))).toBeLessThan(1e-6);
    }
  });
  it('negative eigenvalues come out as they are (the fit clamps them)', () => {
    const r = decompose([
      [-0.1, 0, 0],
      [0, 1, 0],
      [0, 0, 0.5],
    ]);
    expect(r[2]).toBeCloseTo(-0.1, 12);
  });
});
