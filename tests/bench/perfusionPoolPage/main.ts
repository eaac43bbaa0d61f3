/**
 * Page of tests/bench/perfusionRenderer.bench.ts: generates the perfusion benches' CT perfusion
 * volume (tests/fixtures/benchCtp.ts) as the app holds an assembled series (float32 HU,
 * volume-major, on a SharedArrayBuffer in this cross-origin-isolated page) and runs the app's Web
 * Worker pool (computePerfusionInWorkers) on it, keeping the maps as the app keeps them. Each step
 * is its own call so the bench can read the renderer's memory between them.
 */
import { perfusionSimdKernel } from '../../../src/wasm/perfusionKernel';
import { computePerfusionInWorkers, type PerfusionMapsResult, type PerfusionProgress } from '../../../src/workers/perfusionPool';
import { BENCH_CTP_TIMES, fillBenchCtp } from '../../fixtures/benchCtp';

let volume: { data: Float32Array; dims: [number, number, number, number] } | null = null;
let result: PerfusionMapsResult | null = null;

/** Allocates and fills the volume; seconds spent. */
function generate(nx: number, ny: number, nz: number): { seconds: number; shared: boolean; crossOriginIsolated: boolean } {
  const t0 = performance.now();
  const nt = BENCH_CTP_TIMES.length;
  const voxels = nx * ny * nz;
  const data = new Float32Array(new SharedArrayBuffer(voxels * nt * 4));
  fillBenchCtp(data, voxels, BENCH_CTP_TIMES);
  volume = { data, dims: [nx, ny, nz, nt] };
  return { seconds: (performance.now() - t0) / 1000, shared: data.buffer instanceof SharedArrayBuffer, crossOriginIsolated: globalThis.crossOriginIsolated };
}

/** The maps on `workers` Web Workers, AIF and VOF automatic, as the app calls the pool; the previous run's maps dropped first. */
async function run(workers: number) {
  if (!volume) throw new Error('generate the volume first');
  result = null;
  const { data, dims } = volume;
  const phaseAt: Partial<Record<PerfusionProgress['phase'], number>> = {};
  const t0 = performance.now();
  result = await computePerfusionInWorkers({ data, dims, spacing: [0.45, 0.45, 5] }, {
    slabs: [{ firstSlice: 0, endSlice: dims[2], times: BENCH_CTP_TIMES }],
    constants: { hematocritFactor: 1, density: 1, oscillationIndex: 0.095 },
  }, { onProgress: (p) => (phaseAt[p.phase] ??= performance.now()) }, workers);
  const end = performance.now();
  const phases = (['vessels', 'model', 'maps'] as const).filter((p) => phaseAt[p] !== undefined);
  let sum = 0;
  for (let v = 0; v < result.mask.length; v++) if (result.mask[v]) sum += result.maps.cbf[v];
  return {
    seconds: (end - t0) / 1000,
    phases: phases.map((p, i) => [p, ((phaseAt[phases[i + 1]] ?? end) - phaseAt[p]!) / 1000] as const),
    tissueVoxels: result.tissueVoxels,
    aifVoxel: result.aif.voxel,
    meanCbf: sum / result.tissueVoxels,
    simd: perfusionSimdKernel() !== null,
  };
}

Object.assign(globalThis, { perfusionGenerate: generate, perfusionRun: run });
document.title = 'ready';
