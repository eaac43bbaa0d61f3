import { describe, expect, it } from 'vitest';
import { computePerfusionOnThreads } from '../../../src/cli/nodePerfusionPool';
import { perfusionMaps } from '../../../src/core/perfusion/perfusionMaps';
import type { PerfusionOptions } from '../../../src/core/perfusion/perfusionOptions';
import { perfusionSimdKernel } from '../../../src/wasm/perfusionKernel';
import type { PerfusionProgress } from '../../../src/workers/perfusionRun';
import { twoPhaseTimes } from '../../fixtures/perfusionCurves';
import { PHANTOM_ARTERY, perfusionPhantom } from '../../fixtures/perfusionPhantom';
import { gaussianPair, mulberry32 } from '../../fixtures/prng';

const UNIT = { hematocritFactor: 1, density: 1, oscillationIndex: 0.095 };
const TIMES = twoPhaseTimes(1, 45, 4, 120);
/** The second table position is acquired 0.5 s later (shuttle mode): its own frame times. */
const LATER = TIMES.map((t) => t + 0.5);
const [NX, NY, NZ, NT] = [8, 8, 6, TIMES.length];

/** The phantom on 6 slices (two table positions of 3), 0.5 HU noise (seeded), optionally on a SharedArrayBuffer. */
function volume(shared: boolean): Float32Array {
  const first = perfusionPhantom(TIMES);
  const second = perfusionPhantom(LATER, 6.5);
  const length = NX * NY * NZ * NT;
  const data = shared ? new Float32Array(new SharedArrayBuffer(length * 4)) : new Float32Array(length);
  const rand = mulberry32(42);
  for (let n = 0; n < NT; n++)
    for (let k = 0; k < NZ; k++)
      for (let j = 0; j < NY; j++)
        for (let i = 0; i < NX; i++) {
          const hu = k < 3 ? first(i, j, k, TIMES[n]) : second(i, j, k, LATER[n]);
          data[((n * NZ + k) * NY + j) * NX + i] = hu + 0.5 * gaussianPair(rand)[0];
        }
  return data;
}

const options: PerfusionOptions = {
  slabs: [
    { firstSlice: 0, endSlice: 3, times: TIMES },
    { firstSlice: 3, endSlice: 6, times: LATER },
  ],
  constants: UNIT,
};
const spacing = [2, 2, 5] as const;
const dims = [NX, NY, NZ, NT] as const;

describe('perfusion pool on Node worker threads', () => {
  // On the same (WebAssembly SIMD) deconvolution as the workers.
  const single = perfusionMaps({ data: volume(false), dims, spacing, ...options, osvdKernel: perfusionSimdKernel() });

  it('2 workers give exactly the single-thread maps, record and motion, with progress phase by phase up to 1', async () => {
    const progress: PerfusionProgress[] = [];
    const pooled = await computePerfusionOnThreads({ data: volume(false), dims, spacing }, options, { onProgress: (p) => progress.push(p) }, 2);
    expect(single.tissueVoxels).toBe(6 * 8 * 5);
    expect(pooled.tissueVoxels).toBe(single.tissueVoxels);
    expect(pooled.mask).toEqual(single.mask);
    for (const key of ['cbf', 'cbv', 'mtt', 'tmax', 'ttp', 'ps', 'patlakVolume'] as const) expect(pooled.maps[key]).toEqual(single.maps[key]);
    expect(pooled.aif).toEqual(single.aif);
    expect(pooled.aif.voxel % (NX * NY)).toBe(PHANTOM_ARTERY[0] + NX * PHANTOM_ARTERY[1]); // the artery, on whichever slice its noise peaks highest
    expect(pooled.vof).toEqual(single.vof);
    expect(pooled.slabs).toEqual(single.slabs);
    expect(pooled.slabs.map((s) => s.firstSlice)).toEqual([0, 3]);
    expect(pooled.motion).toEqual(single.motion);
    expect(progress.map((p) => p.phase).filter((p, i, all) => p !== all[i - 1])).toEqual(['vessels', 'model', 'maps']);
    for (let i = 1; i < progress.length; i++) expect(progress[i].fraction).toBeGreaterThanOrEqual(progress[i - 1].fraction);
    expect(progress.at(-1)).toEqual({ phase: 'maps', fraction: 1, etaSeconds: 0 });
  });

  it('reads a volume on a SharedArrayBuffer in place and gets the same maps', async () => {
    const data = volume(true);
    const pooled = await computePerfusionOnThreads({ data, dims, spacing }, options, {}, 2);
    expect(pooled.maps.cbf).toEqual(single.maps.cbf);
    expect(pooled.maps.ps).toEqual(single.maps.ps);
    expect(pooled.mask).toEqual(single.mask);
    expect(data).toEqual(volume(true)); // never modified
  });

  it('cancels on abort: rejects with an AbortError, and the next computation still runs', async () => {
    const controller = new AbortController();
    const run = computePerfusionOnThreads({ data: volume(false), dims, spacing }, options, {
      signal: controller.signal,
      onProgress: (p) => p.phase === 'model' && controller.abort(),
    }, 2);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    const again = await computePerfusionOnThreads({ data: volume(false), dims, spacing }, options, {}, 2);
    expect(again.maps.cbf).toEqual(single.maps.cbf);
  });

  it('refuses an AIF mask of the wrong size, saying so', async () => {
    const run = computePerfusionOnThreads({ data: volume(false), dims, spacing }, { ...options, aifMask: new Uint8Array(10).fill(1) }, {}, 2);
    await expect(run).rejects.toThrow(/AIF mask has 10 voxels, the series 8×8×6 = 384/);
  });
});
