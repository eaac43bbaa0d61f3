import { describe, expect, it } from 'vitest';
import { fitDiffusionDataOnThreads, nodeWorkerSpawner, type NodePoolWorker } from '../../../src/cli/nodePool';
import type { DiffusionData } from '../../../src/core/dti/fitPlan';
import { fitDiffusionData } from '../../../src/core/dti/fitVolume';
import type { FitProgress } from '../../../src/core/dti/types';
import { runFitPool } from '../../../src/workers/fitPool';
import { gaussian, randomRotation, rng, scheme, signal, tensorFrom } from './synth';

/** A 24×20×n ball of random noisy tensors in a noise background, volume-major. */
function phantom(nz: number, shared = false): DiffusionData {
  const { bValues, gradients } = scheme();
  const [nx, ny] = [24, 20];
  const nvox = nx * ny * nz;
  const nt = bValues.length;
  const data = shared ? new Float32Array(new SharedArrayBuffer(nvox * nt * 4)) : new Float32Array(nvox * nt);
  const rand = rng(21);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const v = (k * ny + j) * nx + i;
        const inside = ((i - 12) / 10) ** 2 + ((j - 10) / 8) ** 2 + ((k - nz / 2) / (nz / 2 - 1)) ** 2 <= 1;
        const d = tensorFrom([1.5e-3, 0.4e-3 + 0.2e-3 * rand(), 0.3e-3], randomRotation(rand));
        for (let t = 0; t < nt; t++) {
          const s = inside ? signal(800, bValues[t], gradients[t], d) : 0;
          data[t * nvox + v] = Math.abs(s + 15 * gaussian(rand));
        }
      }
    }
  }
  return { dims: [nx, ny, nz, nt], spacing: [2, 2, 2], affine: [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1], data, bValues, gradients };
}

describe('Node worker_threads pool', () => {
  it('2 workers give exactly the single-thread maps, with progress up to 1', async () => {
    const input = phantom(16);
    const single = fitDiffusionData(input, { estimator: 'wls' });
    const progress: FitProgress[] = [];
    const pooled = await fitDiffusionDataOnThreads(input, { estimator: 'wls', onProgress: (p) => progress.push(p) }, 2);
    expect(single.counts.fitted).toBeGreaterThan(1000);
    expect(pooled.counts).toEqual(single.counts);
    expect(pooled.mask).toEqual(single.mask);
    expect(pooled.scalars.fa).toEqual(single.scalars.fa);
    expect(pooled.scalars.md).toEqual(single.scalars.md);
    expect(pooled.v1).toEqual(single.v1);
    expect(pooled.colorFa).toEqual(single.colorFa);
    expect(progress.at(-1)).toEqual({ fraction: 1, etaSeconds: 0 });
    for (let i = 1; i < progress.length; i++) expect(progress[i].fraction).toBeGreaterThanOrEqual(progress[i - 1].fraction);
  });

  it('reads a SharedArrayBuffer volume in place and gets the same maps, zero signals raised to the same floor', async () => {
    const input = phantom(8, true);
    // Dropouts inside the ball: their fit depends on the floor, which the mask worker finds here.
    const nvox = input.dims[0] * input.dims[1] * input.dims[2];
    const centre = (4 * input.dims[1] + 10) * input.dims[0] + 12;
    for (const [v, t] of [[centre, 5], [centre + 1, 9], [centre + 2, 20]]) input.data[t * nvox + v] = 0;
    const single = fitDiffusionData(input, { estimator: 'iwls' });
    const pooled = await fitDiffusionDataOnThreads(input, { estimator: 'iwls' }, 2);
    // The dropout voxels are fitted once the floor is known (after every slab): counted once, like the rest.
    expect(pooled.counts).toEqual(single.counts);
    expect(pooled.scalars.fa).toEqual(single.scalars.fa);
    expect(pooled.scalars.md[centre + 1]).toBe(single.scalars.md[centre + 1]);
    expect(single.scalars.md[centre + 1]).toBeGreaterThan(0);
    // The pool's SIMD kernel predicts the residual's signals in float32: equal to a few float32 units.
    let worst = 0;
    for (let v = 0; v < single.scalars.residual.length; v++) {
      worst = Math.max(worst, Math.abs(pooled.scalars.residual[v] - single.scalars.residual[v]) / Math.max(1, single.scalars.residual[v]));
    }
    expect(worst).toBeLessThan(2e-6);
    expect(pooled.scalars.residual.filter((r) => r > 0).length).toBe(single.scalars.residual.filter((r) => r > 0).length);
  });

  it('cancel terminates every worker thread and rejects: no map reported complete', async () => {
    const input = phantom(60);
    const spawn = await nodeWorkerSpawner();
    const spawned: NodePoolWorker[] = [];
    const controller = new AbortController();
    let resolved = false;
    const run = runFitPool(
      input,
      {
        estimator: 'iwls',
        signal: controller.signal,
        onProgress: (p) => {
          if (p.fraction > 0 && p.fraction < 1) controller.abort();
        },
      },
      () => {
        const w = spawn();
        spawned.push(w);
        return w;
      },
      2,
    ).then(() => {
      resolved = true;
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(resolved).toBe(false);
    expect(spawned.length).toBe(2);
    // Resolves only once both threads have really exited (a hang here fails on the test timeout).
    await Promise.all(spawned.map((w) => w.exited));
  });

  it('threads of a finished fit are reused by the next one, with the same maps', async () => {
    const input = phantom(6);
    const spawn = await nodeWorkerSpawner();
    const runs: NodePoolWorker[][] = [[], []];
    const maps = [];
    for (const leased of runs) {
      maps.push(
        await runFitPool(input, { estimator: 'wls' }, () => {
          const w = spawn();
          leased.push(w);
          return w;
        }, 2),
      );
    }
    // Same thread = same exit promise (compared by identity).
    for (const w of runs[1]) expect(runs[0].map((v) => v.exited)).toContain(w.exited);
    expect(new Set(runs[0].map((w) => w.exited)).size).toBe(2);
    expect(maps[1].scalars.fa).toEqual(maps[0].scalars.fa);
  });

  it('the automatic mask is made on a worker with the requested threshold factor: the single-thread mask, fitted alike', async () => {
    const input = phantom(10);
    for (const maskThreshold of [0.5, 1.6]) {
      const single = fitDiffusionData(input, { estimator: 'ols', maskThreshold });
      const pooled = await fitDiffusionDataOnThreads(input, { estimator: 'ols', maskThreshold }, 2);
      expect(pooled.mask).toEqual(single.mask);
      expect(pooled.counts).toEqual(single.counts);
      expect(pooled.scalars.md).toEqual(single.scalars.md);
    }
    // The factor matters on this phantom (noise background at 0.5, ball rim trimmed at 1.6).
    const low = fitDiffusionData(input, { estimator: 'ols', maskThreshold: 0.5 }).mask.reduce((a, b) => a + b, 0);
    const high = fitDiffusionData(input, { estimator: 'ols', maskThreshold: 1.6 }).mask.reduce((a, b) => a + b, 0);
    expect(low).toBeGreaterThan(high);
  });

  it('an aborted signal rejects before any worker starts', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(fitDiffusionDataOnThreads(phantom(4), { estimator: 'ols', signal: controller.signal }, 2)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
