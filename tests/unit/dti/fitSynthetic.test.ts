import { describe, expect, it } from 'vitest';
import { fitDiffusionData, fitVolume } from '../../../src/core/dti/fitVolume';
import type { Estimator } from '../../../src/core/dti/types';
import type { Volume4D } from '../../../src/core/dicom/types';
import { gaussian, randomRotation, referenceFa, rng, scheme, signal, tensorFrom, volumeMajor, type V3 } from './synth';

const ESTIMATORS: Estimator[] = ['ols', 'wls', 'iwls'];
const identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

interface Truth {
  evals: V3;
  v1: V3;
}

/** One row of voxels (nx = count) with the given per-voxel signals; every voxel masked in. */
function fitRow(perVoxel: number[][], bValues: number[], gradients: V3[], estimator: Estimator) {
  const nvox = perVoxel.length;
  return fitDiffusionData(
    { dims: [nvox, 1, 1, bValues.length], spacing: [1, 1, 1], affine: identity, data: volumeMajor(perVoxel), bValues, gradients },
    { estimator, mask: new Uint8Array(nvox).fill(1) },
  );
}

/** Random prolate, oblate, isotropic and general tensors in random orientations (mm²/s). */
function truths(count: number, seed: number): Truth[] {
  const rand = rng(seed);
  const out: Truth[] = [];
  for (let n = 0; n < count; n++) {
    const rot = randomRotation(rand);
    const kind = n % 4;
    const a = (0.8 + 1.2 * rand()) * 1e-3;
    const c = (0.1 + 0.4 * rand()) * 1e-3;
    const evals: V3 =
      kind === 0 ? [a, c, c] : kind === 1 ? [a, a, c] : kind === 2 ? [a, a, a] : ([a, (a + c) / 2 + 0.1e-3 * rand(), c] as V3);
    out.push({ evals, v1: rot[0] });
    (out[n] as Truth & { d: number[][] }).d = tensorFrom(evals, rot);
  }
  return out;
}

describe('noise-free synthetic voxels (2 b0 + 30 directions, b = 1000)', () => {
  const { bValues, gradients } = scheme();
  const ts = truths(400, 1);
  const s0 = 1000;
  const perVoxel = ts.map((t) => bValues.map((b, i) => signal(s0, b, gradients[i], (t as Truth & { d: number[][] }).d)));

  for (const estimator of ESTIMATORS) {
    it(`${estimator} recovers FA, MD, AD, RD, λ, S0 and V1 (up to sign) to 1e-6`, () => {
      const maps = fitRow(perVoxel, bValues, gradients, estimator);
      expect(maps.counts).toEqual({ fitted: ts.length, nonPositiveEigen: 0, failed: 0 });
      ts.forEach((t, v) => {
        const [l1, l2, l3] = t.evals;
        expect(maps.scalars.fa[v]).toBeCloseTo(referenceFa(t.evals), 6);
        // diffusivities relative to 1e-6 of their ~1e-3 mm²/s scale
        expect(maps.scalars.md[v] / 1e-3).toBeCloseTo((l1 + l2 + l3) / 3 / 1e-3, 6);
        expect(maps.scalars.ad[v] / 1e-3).toBeCloseTo(l1 / 1e-3, 5);
        expect(maps.scalars.rd[v] / 1e-3).toBeCloseTo((l2 + l3) / 2 / 1e-3, 5);
        expect(maps.scalars.l3[v] / 1e-3).toBeCloseTo(l3 / 1e-3, 5);
        expect(maps.scalars.s0[v] / s0).toBeCloseTo(1, 6);
        expect(maps.scalars.residual[v]).toBeLessThan(1e-3); // float32 rounding of the signal only
        if (l1 - l2 > 0.2e-3) {
          const d = Math.abs(maps.v1[3 * v] * t.v1[0] + maps.v1[3 * v + 1] * t.v1[1] + maps.v1[3 * v + 2] * t.v1[2]);
          expect(d).toBeCloseTo(1, 6);
        }
      });
    });
  }

  it('colour FA is round(255·|V1|·FA) per axis', () => {
    const maps = fitRow(perVoxel, bValues, gradients, 'wls');
    for (let v = 0; v < ts.length; v += 4) {
      for (let c = 0; c < 3; c++) expect(maps.colorFa[3 * v + c]).toBe(Math.round(255 * Math.abs(maps.v1[3 * v + c]) * maps.scalars.fa[v]));
    }
  });

  it('Philips-style near-zero b0s (b = 0.001–0.004 with a dummy vector) count as b0', () => {
    const bv = [0.001, 0.004, ...bValues.slice(2)];
    const gr: V3[] = [[0.577, 0.577, 0.577], [0.577, 0.577, 0.577], ...gradients.slice(2)];
    const maps = fitRow(perVoxel.slice(0, 8), bv, gr, 'wls');
    for (let v = 0; v < 8; v++) expect(maps.scalars.fa[v]).toBeCloseTo(referenceFa(ts[v].evals), 6);
  });
});

describe('fitVolume converts LPS gradients into the voxel-axis frame', () => {
  it('V1 and colour FA come out in voxel axes of an oblique volume', () => {
    const { bValues, gradients } = scheme();
    // Voxel axes rotated 30° about LPS z, 2 mm voxels; fibre along voxel axis j.
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const affine = [2 * c, -2 * s, 0, 10, 2 * s, 2 * c, 0, 20, 0, 0, 2, 30, 0, 0, 0, 1];
    const fibreLps: V3 = [-s, c, 0]; // = second column of the rotation
    const d = tensorFrom([1.7e-3, 0.3e-3, 0.3e-3], [fibreLps, [c, s, 0], [0, 0, 1]]);
    const perVoxel = [bValues.map((b, i) => signal(1000, b, gradients[i], d))];
    const volume: Volume4D = {
      seriesInstanceUID: '1.2.3',
      dims: [1, 1, 1, bValues.length],
      spacing: [2, 2, 2],
      affine,
      data: volumeMajor(perVoxel),
      bValues,
      gradientsLPS: gradients,
      excluded: bValues.map(() => false),
      warnings: [],
    };
    const maps = fitVolume(volume, { estimator: 'wls', mask: new Uint8Array([1]) });
    expect(Math.abs(maps.v1[1])).toBeCloseTo(1, 6);
    expect(maps.colorFa[1]).toBe(Math.round(255 * (1.4 / Math.sqrt(3.07))));
    expect(maps.colorFa[0]).toBe(0);
    expect(maps.affine).toEqual(affine);
  });

  it('excluded (trace) volumes do not enter the fit', () => {
    const { bValues, gradients } = scheme();
    const d = tensorFrom([1.7e-3, 0.3e-3, 0.3e-3], randomRotation(rng(3)));
    const sig = bValues.map((b, i) => signal(1000, b, gradients[i], d));
    const volume: Volume4D = {
      seriesInstanceUID: '1.2.3',
      dims: [1, 1, 1, bValues.length + 1],
      spacing: [1, 1, 1],
      affine: identity,
      data: volumeMajor([[...sig, 12345]]),
      bValues: [...bValues, 1000],
      gradientsLPS: [...gradients, [0, 0, 0]],
      excluded: [...bValues.map(() => false), true],
      warnings: [],
    };
    const maps = fitVolume(volume, { estimator: 'ols', mask: new Uint8Array([1]) });
    expect(maps.scalars.fa[0]).toBeCloseTo(1.4 / Math.sqrt(3.07), 6);
  });
});

describe('degenerate signals never give NaN or Inf', () => {
  it('zeros, negatives and huge values: clamped, counted, finite', () => {
    const { bValues, gradients } = scheme();
    const perVoxel = [
      bValues.map(() => 0),
      bValues.map((_, i) => (i % 2 ? -5 : 100)),
      bValues.map((b) => (b === 0 ? 100 : 3e38)),
      bValues.map((b) => (b === 0 ? 1000 : 999)), // almost no attenuation: tiny / negative λ
    ];
    for (const estimator of ESTIMATORS) {
      const maps = fitRow(perVoxel, bValues, gradients, estimator);
      for (const arr of Object.values(maps.scalars)) for (const x of arr) expect(Number.isFinite(x)).toBe(true);
      for (const x of maps.v1) expect(Number.isFinite(x)).toBe(true);
      expect(maps.counts.fitted + maps.counts.failed).toBe(4);
      expect(maps.counts.nonPositiveEigen).toBeGreaterThan(0);
      for (let v = 0; v < 4; v++) expect(maps.scalars.l3[v]).toBeGreaterThanOrEqual(0);
    }
  });
  it('a scheme with fewer than 6 directions is refused with a message', () => {
    const { bValues, gradients } = scheme(5);
    expect(() => fitRow([bValues.map(() => 1)], bValues, gradients, 'ols')).toThrow(/cannot determine a diffusion tensor/);
  });
});

describe('noisy synthetic voxels', () => {
  const { bValues, gradients } = scheme();
  const evals: V3 = [1.7e-3, 0.3e-3, 0.3e-3];
  const rand = rng(99);
  const sigma = 1000 / 30; // SNR 30 on b0
  const count = 3000;
  const truthsD: number[][][] = [];
  const perVoxel: number[][] = [];
  for (let v = 0; v < count; v++) {
    const d = tensorFrom(evals, randomRotation(rand));
    truthsD.push(d);
    // Rician magnitude noise, as a scanner's magnitude images have.
    perVoxel.push(bValues.map((b, i) => Math.hypot(signal(1000, b, gradients[i], d) + sigma * gaussian(rand), sigma * gaussian(rand))));
  }

  it('OLS equals an independent float64 normal-equations solution to float32 precision', () => {
    const maps = fitRow(perVoxel, bValues, gradients, 'ols');
    // Reference: unscaled design, normal equations AᵀA x = Aᵀ ln S by Gauss–Jordan elimination.
    const A = bValues.map((b, i) => {
      const [x, y, z] = gradients[i];
      return [-b * x * x, -b * y * y, -b * z * z, -2 * b * x * y, -2 * b * x * z, -2 * b * y * z, 1];
    });
    for (let v = 0; v < count; v += 7) {
      const y = perVoxel[v].map((s) => Math.log(Math.fround(s)));
      const M = Array.from({ length: 7 }, (_, r) => [
        ...Array.from({ length: 7 }, (_, c) => A.reduce((acc, row) => acc + row[r] * row[c], 0)),
        A.reduce((acc, row, i) => acc + row[r] * y[i], 0),
      ]);
      for (let p = 0; p < 7; p++) {
        for (let r = 0; r < 7; r++) {
          if (r === p) continue;
          const f = M[r][p] / M[p][p];
          for (let c = p; c < 8; c++) M[r][c] -= f * M[p][c];
        }
      }
      const x = M.map((row, r) => row[7] / row[r]);
      const md = (x[0] + x[1] + x[2]) / 3;
      expect(maps.scalars.md[v] / md).toBeCloseTo(1, 5);
      expect(maps.scalars.s0[v] / Math.exp(x[6])).toBeCloseTo(1, 5);
    }
  });

  it('WLS and IWLS stay within the noise-limited tolerance of the truth', () => {
    // At SNR 30 with 30 directions the per-voxel FA spread is ≈ 0.02 (Cramér–Rao-like limit for
    // this scheme), so the mean over 3000 voxels has a sampling error ≈ 0.0004; the Rician /
    // log-transform bias of a weighted fit at this SNR is a few 0.001 in FA and < 0.5 % in MD.
    // Tolerances: mean FA within 0.005, mean MD within 0.5 %, per-voxel FA spread below 0.03.
    const trueFa = referenceFa(evals);
    const trueMd = (evals[0] + evals[1] + evals[2]) / 3;
    for (const estimator of ['wls', 'iwls'] as const) {
      const maps = fitRow(perVoxel, bValues, gradients, estimator);
      const fa = Array.from(maps.scalars.fa);
      const meanFa = fa.reduce((a, b) => a + b, 0) / count;
      const sdFa = Math.sqrt(fa.reduce((a, b) => a + (b - meanFa) ** 2, 0) / count);
      const meanMd = maps.scalars.md.reduce((a, b) => a + b, 0) / count;
      expect(Math.abs(meanFa - trueFa)).toBeLessThan(0.005);
      expect(Math.abs(meanMd / trueMd - 1)).toBeLessThan(0.005);
      expect(sdFa).toBeLessThan(0.03);
      expect(maps.counts.failed).toBe(0);
    }
  });

  it('residual: false leaves the residual map 0 and every other map bit-identical', () => {
    for (const estimator of ESTIMATORS) {
      const mask = new Uint8Array(count).fill(1);
      const input = { dims: [count, 1, 1, bValues.length] as [number, number, number, number], spacing: [1, 1, 1] as [number, number, number], affine: identity, data: volumeMajor(perVoxel), bValues, gradients };
      const full = fitDiffusionData(input, { estimator, mask });
      const lean = fitDiffusionData(input, { estimator, mask, residual: false });
      // Noisy voxels: the full fit's residual is of the order of the noise (σ ≈ 33).
      const meanResidual = full.scalars.residual.reduce((a, b) => a + b, 0) / count;
      expect(meanResidual).toBeGreaterThan(10);
      expect(meanResidual).toBeLessThan(60);
      expect(lean.scalars.residual.every((r) => r === 0)).toBe(true);
      for (const name of ['fa', 'md', 'ad', 'rd', 'l1', 'l2', 'l3', 's0'] as const) expect(lean.scalars[name]).toEqual(full.scalars[name]);
      expect(lean.v1).toEqual(full.v1);
      expect(lean.colorFa).toEqual(full.colorFa);
      expect(lean.counts).toEqual(full.counts);
    }
  });
});
