import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildFitScheme } from '../../../src/core/dti/fitScheme';
import { fitSlab, type SlabInput } from '../../../src/core/dti/fitSlab';
import { fitSlabSimd } from '../../../src/core/dti/fitSlabSimd';
import { packSlabRuns, SCALAR_MAP_NAMES, type SlabMaps } from '../../../src/core/dti/slabMaps';
import { maskRuns } from '../../../src/core/dti/maskRuns';
import type { Estimator } from '../../../src/core/dti/types';
import { dtiSimdKernel } from '../../../src/wasm/dtiKernel';
import { gaussian, randomRotation, referenceFa, rng, scheme, signal, tensorFrom, volumeMajor, type V3 } from './synth';

const ESTIMATORS: Estimator[] = ['ols', 'wls', 'iwls'];
const kernel = dtiSimdKernel();

/** A slab over every voxel of `perVoxel` (no mask). */
function slab(perVoxel: number[][], estimator: Estimator, bValues: number[], gradients: V3[], minSignal = 1): SlabInput {
  return { scheme: buildFitScheme(bValues, gradients), estimator, signals: volumeMajor(perVoxel), volumeStride: perVoxel.length, base: 0, start: 0, count: perVoxel.length, mask: null, minSignal };
}

/** Largest |a − b| / max(|a|, floor) over a map pair. */
function maxRelDiff(a: Float32Array, b: Float32Array, floor: number): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(a[i]), floor));
  return worst;
}

describe('WebAssembly SIMD kernel', () => {
  it('the committed module is what scripts/build-wasm.mjs builds from assembly/dtiKernel.ts', () => {
    expect(() => execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('instantiates in Node (WebAssembly SIMD is in every supported Node and Chromium)', () => {
    expect(kernel).not.toBeNull();
  });

  const { bValues, gradients } = scheme();
  const rand = rng(7);
  const truths = Array.from({ length: 301 }, (_, n) => {
    const a = (0.8 + 1.2 * rand()) * 1e-3;
    const c = (0.1 + 0.4 * rand()) * 1e-3;
    const evals: V3 = n % 3 === 0 ? [a, c, c] : n % 3 === 1 ? [a, a, c] : [a, a, a];
    const rot = randomRotation(rand);
    return { evals, v1: rot[0], d: tensorFrom(evals, rot) };
  });
  const noiseFree = truths.map((t) => bValues.map((b, i) => signal(1000, b, gradients[i], t.d)));

  for (const estimator of ESTIMATORS) {
    it(`${estimator}: noise-free tensors (prolate, oblate, isotropic; odd voxel count) recovered to 1e-6`, () => {
      const maps = fitSlabSimd(kernel!, slab(noiseFree, estimator, bValues, gradients));
      expect(maps.counts).toEqual({ fitted: truths.length, nonPositiveEigen: 0, failed: 0 });
      truths.forEach((t, v) => {
        const [l1, l2, l3] = t.evals;
        expect(maps.scalars.fa[v]).toBeCloseTo(referenceFa(t.evals), 6);
        expect(maps.scalars.md[v] / 1e-3).toBeCloseTo((l1 + l2 + l3) / 3 / 1e-3, 6);
        expect(maps.scalars.ad[v] / 1e-3).toBeCloseTo(l1 / 1e-3, 5);
        expect(maps.scalars.rd[v] / 1e-3).toBeCloseTo((l2 + l3) / 2 / 1e-3, 5);
        expect(maps.scalars.s0[v] / 1000).toBeCloseTo(1, 6);
        expect(maps.scalars.residual[v]).toBeLessThan(1e-3);
        if (l1 - l2 > 0.2e-3) {
          const dot = Math.abs(maps.v1[3 * v] * t.v1[0] + maps.v1[3 * v + 1] * t.v1[1] + maps.v1[3 * v + 2] * t.v1[2]);
          expect(dot).toBeCloseTo(1, 6);
        }
      });
    });
  }

  // Noisy voxels at SNR 10–50 with a noise-floor background: the JavaScript kernel's maps to float32
  // precision (the residual to a few float32 units, see below). Not bit for bit: the kernels' log and exp differ by < 1e-13 relative (polynomials
  // here, tables there), which moves a float32 map value by one unit in the last place only when
  // it happens to sit on a rounding boundary; 4e-7 relative is 3 such units.
  const noisy = (() => {
    const r = rng(11);
    return Array.from({ length: 2000 }, (_, n) => {
      const d = tensorFrom([1.5e-3, (0.3 + 0.4 * r()) * 1e-3, 0.3e-3], randomRotation(r));
      const s0 = n % 10 === 0 ? 0 : 300 + 700 * r();
      return bValues.map((b, i) => Math.hypot(signal(s0, b, gradients[i], d) + 20 * gaussian(r), 20 * gaussian(r)));
    });
  })();
  for (const estimator of ESTIMATORS) {
    it(`${estimator}: noisy voxels give the JavaScript kernel's maps and counts to float32 precision`, () => {
      const input = slab(noisy, estimator, bValues, gradients, 0.37);
      const js = fitSlab(input);
      const simd = fitSlabSimd(kernel!, input);
      expect(simd.counts).toEqual(js.counts);
      expect(js.counts.fitted).toBeGreaterThan(1900);
      for (const name of ['fa', 'md', 'ad', 'rd', 'l1', 'l2', 'l3', 's0'] as const) {
        expect(maxRelDiff(simd.scalars[name], js.scalars[name], name === 'fa' ? 1e-3 : name === 's0' ? 1 : 1e-6), name).toBeLessThan(4e-7);
      }
      // The residual's predicted signals are float32 in the SIMD kernel (eˣ to ~1e-7): a few float32 units.
      expect(maxRelDiff(simd.scalars.residual, js.scalars.residual, 1)).toBeLessThan(2e-6);
      expect(maxRelDiff(simd.v1, js.v1, 1e-3)).toBeLessThan(1e-5); // sign and degenerate cases identical
      let colour = 0;
      for (let i = 0; i < js.colorFa.length; i++) colour = Math.max(colour, Math.abs(simd.colorFa[i] - js.colorFa[i]));
      expect(colour).toBeLessThanOrEqual(1);
    });
  }

  it('zero, negative, NaN and infinite signals: the same failed / fitted counts as the JavaScript kernel, no NaN in any map', () => {
    const base = noiseFree.slice(0, 12).map((row) => row.slice());
    base[0].fill(0); // all at the floor: flat → zero tensor
    base[1][5] = -3;
    base[2][7] = Number.NaN;
    base[3][9] = Number.POSITIVE_INFINITY;
    base[4][0] = 0; // a b0 at the floor
    base[5].fill(1e-30); // below the floor, positive
    base[6][3] = 1e30;
    for (const estimator of ESTIMATORS) {
      const input = slab(base, estimator, bValues, gradients, 0.5);
      const js: SlabMaps = fitSlab(input);
      const simd = fitSlabSimd(kernel!, input);
      expect(simd.counts, estimator).toEqual(js.counts);
      for (const name of ['fa', 'md', 's0', 'residual'] as const) {
        expect(simd.scalars[name].every(Number.isFinite), `${estimator} ${name}`).toBe(true);
        for (let v = 0; v < base.length; v++) expect(simd.scalars[name][v] === 0, `${estimator} ${name}[${v}]`).toBe(js.scalars[name][v] === 0);
      }
    }
  });

  it('a floor deferred (NaN): the slab reports its smallest positive signal and the voxels that need the floor, every other voxel final', () => {
    const rows = noisy.slice(0, 1500).map((row) => row.map((v) => Math.max(v, 1)));
    const least = (rs: number[][]): number => Math.min(...rs.flat().filter((v) => v > 0).map(Math.fround));
    const deferred = (rs: number[][]) => fitSlabSimd(kernel!, slab(rs, 'wls', bValues, gradients, Number.NaN), undefined, true);
    const clean = deferred(rows);
    expect(clean.pendingFloor?.minPositive).toBe(least(rows));
    expect(clean.pendingFloor?.voxels).toEqual(new Int32Array(0));
    const atFloor = fitSlabSimd(kernel!, slab(rows, 'wls', bValues, gradients, least(rows)));
    expect(clean.counts).toEqual(atFloor.counts);
    expect(clean.scalars.md).toEqual(atFloor.scalars.md);
    rows[1400][3] = 0; // dropouts in the second chunk
    rows[1401][5] = Number.NaN;
    rows[2][7] = 1e-40; // positive but subnormal: below the provisional floor, and the slab's minimum
    const floor = least(rows);
    expect(floor).toBeLessThan(1e-39);
    const known = fitSlabSimd(kernel!, slab(rows, 'wls', bValues, gradients, floor));
    const pending = deferred(rows);
    expect(pending.pendingFloor?.minPositive).toBe(floor);
    expect(pending.pendingFloor?.voxels).toEqual(Int32Array.of(2, 1400, 1401));
    // The waiting voxels are left out of the counts, and refitted with the floor give the known fit's maps.
    const refit = fitSlabSimd(kernel!, slab([rows[2], rows[1400], rows[1401]], 'wls', bValues, gradients, floor));
    expect(refit.counts.fitted + refit.counts.failed).toBe(3);
    expect(pending.counts.fitted + refit.counts.fitted).toBe(known.counts.fitted);
    expect(pending.counts.failed + refit.counts.failed).toBe(known.counts.failed);
    expect(pending.counts.nonPositiveEigen + refit.counts.nonPositiveEigen).toBe(known.counts.nonPositiveEigen);
    for (const name of ['fa', 'md', 's0', 'residual'] as const) {
      const waiting = [2, 1400, 1401];
      expect(pending.scalars[name].filter((_, v) => !waiting.includes(v)), name).toEqual(known.scalars[name].filter((_, v) => !waiting.includes(v)));
      expect(Array.from(refit.scalars[name]), name).toEqual(waiting.map((v) => known.scalars[name][v]));
    }
    expect(known.scalars.md[1400]).toBeGreaterThan(0);
  });

  it('grows its memory for a long scheme (2 b0 + 250 directions) and still recovers the tensors', () => {
    const long = scheme(250, 1000, 2);
    const rows = truths.slice(0, 40).map((t) => long.bValues.map((b, i) => signal(1000, b, long.gradients[i], t.d)));
    const before = kernel!.memory.buffer.byteLength;
    const maps = fitSlabSimd(kernel!, slab(rows, 'iwls', long.bValues, long.gradients));
    expect(kernel!.memory.buffer.byteLength).toBeGreaterThan(before);
    expect(maps.counts.fitted).toBe(40);
    rows.forEach((_, v) => expect(maps.scalars.fa[v]).toBeCloseTo(referenceFa(truths[v].evals), 6));
  });

  it('degenerate (isotropic) voxels under a mask with gaps, over several chunks: each result lands on its own voxel', () => {
    const rows = Array.from({ length: 3000 }, (_, v) => noiseFree[v % noiseFree.length]);
    const mask = new Uint8Array(rows.length).map((_, v) => (v % 7 === 3 || v % 113 < 9 ? 0 : 1));
    const input: SlabInput = { ...slab(rows, 'wls', bValues, gradients), mask };
    const js = fitSlab(input);
    const simd = fitSlabSimd(kernel!, input);
    expect(simd.counts).toEqual(js.counts);
    const isotropic = rows.map((_, v) => mask[v] === 1 && truths[v % truths.length].evals[0] === truths[v % truths.length].evals[2]);
    expect(isotropic.filter(Boolean).length).toBeGreaterThan(500);
    rows.forEach((_, v) => {
      expect(Math.abs(simd.scalars.md[v] - js.scalars.md[v]), `md[${v}]`).toBeLessThan(1e-12);
      expect(Math.abs(simd.scalars.fa[v] - js.scalars.fa[v]), `fa[${v}]`).toBeLessThan(1e-6);
      if (isotropic[v]) expect(simd.scalars.fa[v], `fa[${v}]`).toBeLessThan(1e-6);
      if (!mask[v]) expect(simd.scalars.md[v]).toBe(0);
    });
  });

  it('packed output: the fitted voxels in mask-run order, degenerate and floor-waiting ones included, as packSlabRuns makes them', () => {
    const rows = Array.from({ length: 3000 }, (_, v) => noiseFree[v % noiseFree.length].slice());
    rows[1500][4] = 0; // waits for the deferred floor
    const mask = new Uint8Array(rows.length).map((_, v) => (v % 7 === 3 || v % 113 < 9 ? 0 : 1));
    const input: SlabInput = { ...slab(rows, 'iwls', bValues, gradients, Number.NaN), mask };
    const whole = fitSlabSimd(kernel!, input, undefined, true);
    const packed = fitSlabSimd(kernel!, input, undefined, true, true);
    const expected = packSlabRuns(whole, maskRuns(mask));
    expect(packed.count).toBe(mask.reduce((a, b) => a + b, 0));
    expect(packed.counts).toEqual(expected.counts);
    expect(packed.pendingFloor).toEqual(expected.pendingFloor);
    expect(packed.pendingFloor?.voxels).toEqual(Int32Array.of(1500));
    for (const name of SCALAR_MAP_NAMES) expect(packed.scalars[name], name).toEqual(expected.scalars[name]);
    expect(packed.v1).toEqual(expected.v1);
    expect(packed.colorFa).toEqual(expected.colorFa);
    expect(expected.scalars.md.filter((v) => v > 0).length).toBeGreaterThan(2000);
  });

  it('honours the mask and the packed-slab layout (base, stride, start) like fitSlab', () => {
    const nvox = noisy.length;
    const all = volumeMajor(noisy);
    const mask = new Uint8Array(400).map((_, i) => (i % 3 === 0 ? 0 : 1));
    const input: SlabInput = { scheme: buildFitScheme(bValues, gradients), estimator: 'wls', signals: all, volumeStride: nvox, base: 0, start: 1000, count: 400, mask, minSignal: 0.37 };
    const js = fitSlab(input);
    const simd = fitSlabSimd(kernel!, input);
    expect(simd.counts).toEqual(js.counts);
    expect(maxRelDiff(simd.scalars.md, js.scalars.md, 1e-6)).toBeLessThan(4e-7);
    for (let n = 0; n < 400; n += 3) expect(simd.scalars.md[n]).toBe(0);
  });
});
