/**
 * Page of tests/e2e/perfusionPool.e2e.ts: runs computePerfusionInWorkers (Web Workers) on the
 * perfusion phantom and the single-thread perfusionMaps on the same data, and reports how they compare.
 */
import { perfusionMaps } from '../../../src/core/perfusion/perfusionMaps';
import { PERFUSION_KEYS } from '../../../src/core/perfusion/perfusionRange';
import { perfusionSimdKernel } from '../../../src/wasm/perfusionKernel';
import { computePerfusionInWorkers, type PerfusionProgress } from '../../../src/workers/perfusionPool';
import { twoPhaseTimes } from '../../fixtures/perfusionCurves';
import { perfusionPhantom } from '../../fixtures/perfusionPhantom';

const TIMES = twoPhaseTimes(1, 45, 4, 120);
const [NX, NY, NZ, NT] = [8, 8, 4, TIMES.length];
const dims = [NX, NY, NZ, NT] as const;
const spacing = [2, 2, 5] as const;
const options = { slabs: [{ firstSlice: 0, endSlice: NZ, times: TIMES }], constants: { hematocritFactor: 1, density: 1, oscillationIndex: 0.095 } };

function volume(shared: boolean): Float32Array {
  const hu = perfusionPhantom(TIMES);
  const length = NX * NY * NZ * NT;
  const data = shared ? new Float32Array(new SharedArrayBuffer(length * 4)) : new Float32Array(length);
  for (let n = 0; n < NT; n++)
    for (let k = 0; k < NZ; k++)
      for (let j = 0; j < NY; j++) for (let i = 0; i < NX; i++) data[((n * NZ + k) * NY + j) * NX + i] = hu(i, j, k % 2, TIMES[n]) + ((i * 7 + j * 3 + k * 5 + n) % 5) * 0.2;
  return data;
}

async function check(shared: boolean, abortAt: PerfusionProgress['phase'] | null) {
  const data = volume(shared);
  const single = perfusionMaps({ data, dims, spacing, ...options, osvdKernel: perfusionSimdKernel() });
  const controller = new AbortController();
  const progress: PerfusionProgress[] = [];
  try {
    const pooled = await computePerfusionInWorkers({ data, dims, spacing }, options, {
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        if (p.phase === abortAt) controller.abort();
      },
    }, 2);
    return {
      crossOriginIsolated: globalThis.crossOriginIsolated,
      simd: perfusionSimdKernel() !== null,
      sharedBuffer: data.buffer instanceof SharedArrayBuffer,
      tissueVoxels: [single.tissueVoxels, pooled.tissueVoxels],
      differing: PERFUSION_KEYS.filter((k) => pooled.maps[k].some((v, i) => v !== single.maps[k][i])),
      maskSame: pooled.mask.every((v, i) => v === single.mask[i]),
      aif: [single.aif.voxel, pooled.aif.voxel],
      phases: progress.map((p) => p.phase).filter((p, i, all) => p !== all[i - 1]),
      last: progress.at(-1),
      meanCbf: pooled.maps.cbf.reduce((s, v) => s + v, 0) / pooled.tissueVoxels,
    };
  } catch (err) {
    return { error: (err as Error).name, message: (err as Error).message };
  }
}

(globalThis as unknown as { perfusionCheck: typeof check }).perfusionCheck = check;
document.title = 'ready';
