/**
 * Perfusion engine benchmark (`npm run bench -- perfusion`, or
 * `npx tsx tests/bench/perfusion.bench.ts [nx ny nz] [reference voxels]`): prints, asserts nothing.
 *
 * A generated CT perfusion volume, by default the 512×512×16 × 40 frames (1.5 s to 36 s, then
 * every 5.5 s to 118.5 s), held as the app holds one (float32 HU on a SharedArrayBuffer): every voxel
 * tissue (the worst case: a head is about half tissue), of four kinds with 1 HU noise, one artery
 * (tests/fixtures/benchCtp.ts, the volume perfusionRenderer.bench.ts generates in Chromium).
 * 1. The maps on 2 worker threads (computePerfusionOnThreads, AIF and VOF automatic): voxels/s, the time
 *    of each phase, the longest stall of this thread's event loop meanwhile, memory.
 * 2. Where a voxel's time goes (one thread, a sample of the same curves).
 * 3. The NumPy reference of the same method (tests/bench/perfusionReference.py, /usr/bin/python3,
 *    vectorised over chunks of voxels) on the first `reference voxels` voxels (default 65,536) of
 *    the same data, in the same run: its voxels/s, the ratio, and both means over those voxels.
 * Speed figures are only comparable as ratios within one run (the machine's cores are shared).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { computePerfusionOnThreads } from '../../src/cli/nodePerfusionPool';
import { DEFAULT_OSCILLATION_INDEX } from '../../src/core/perfusion/constants';
import { deconvolveOsvd, osvdScratch } from '../../src/core/perfusion/deconvolveOsvd';
import { enhancement } from '../../src/core/perfusion/enhancement';
import { perfusionModel } from '../../src/core/perfusion/perfusionModel';
import { resampleLinear } from '../../src/core/perfusion/resampleLinear';
import { voxelPerfusion, voxelScratch } from '../../src/core/perfusion/voxelPerfusion';
import { perfusionSimdKernel } from '../../src/wasm/perfusionKernel';
import type { PerfusionProgress } from '../../src/workers/perfusionRun';
import { BENCH_CTP_TIMES, benchAifHu, fillBenchCtp } from '../fixtures/benchCtp';

const args = process.argv.slice(2).map(Number);
const [nx, ny, nz] = [0, 1, 2].map((i) => args[i] || [512, 512, 16][i]);
const WORKERS = 2;
const times = BENCH_CTP_TIMES;
const nt = times.length;
const voxels = nx * ny * nz;
const referenceVoxels = Math.min(voxels, args[3] || 65536);
const constants = { hematocritFactor: 1, density: 1, oscillationIndex: DEFAULT_OSCILLATION_INDEX };
const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;

const aifHu = benchAifHu(times);

const before = process.memoryUsage();
const data = new Float32Array(new SharedArrayBuffer(voxels * nt * 4));
fillBenchCtp(data, voxels, times);
const rawHuBytes = voxels * nt * 2;
console.log(`${nx}×${ny}×${nz} × ${nt} frames (${times[0]}–${times[nt - 1]} s, ${times[1] - times[0]} s then ${(times[nt - 1] - times[nt - 2]).toFixed(1)} s): ${voxels} voxels, every one tissue`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}; ${new Date().toISOString()} (cores shared with other jobs: compare ratios within this run)`);

// 1. The pool.
const phaseStart = new Map<PerfusionProgress['phase'], number>();
let stall = 0;
/** The same during the maps phase only (after start-up: thread script, threads, the vessel scan and the model). */
let mapsStall = 0;
let lastTick = performance.now();
const ticker = setInterval(() => {
  const now = performance.now();
  stall = Math.max(stall, now - lastTick - 10);
  if (phaseStart.has('maps')) mapsStall = Math.max(mapsStall, now - lastTick - 10);
  lastTick = now;
}, 10);
let peakHeapAndBuffers = 0;
const sampleMemory = () => {
  const m = process.memoryUsage();
  peakHeapAndBuffers = Math.max(peakHeapAndBuffers, m.heapUsed + m.arrayBuffers);
};
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const result = await computePerfusionOnThreads({ data, dims: [nx, ny, nz, nt], spacing: [0.45, 0.45, 5] }, { slabs: [{ firstSlice: 0, endSlice: nz, times }], constants }, {
  onProgress: (p) => {
    if (!phaseStart.has(p.phase)) phaseStart.set(p.phase, performance.now());
    sampleMemory();
  },
}, WORKERS);
const seconds = (performance.now() - t0) / 1000;
const cpuUsed = process.cpuUsage(cpu0);
const engineCpu = (cpuUsed.user + cpuUsed.system) / 1e6;
clearInterval(ticker);
sampleMemory();
const rss = process.resourceUsage().maxRSS * 1024;
const phases = [...phaseStart.entries()];
const phaseText = phases.map(([name, at], i) => `${name} ${(((phases[i + 1]?.[1] ?? t0 + seconds * 1000) - at) / 1000).toFixed(1)} s`).join(', ');
const engineRate = result.tissueVoxels / seconds;
const engineCpuRate = result.tissueVoxels / engineCpu;
console.log(`engine, ${WORKERS} worker threads: ${seconds.toFixed(1)} s, ${(engineRate / 1000).toFixed(1)} k voxels/s (${result.tissueVoxels} tissue voxels; AIF voxel ${result.aif.voxel}, ${result.aif.source})`);
console.log(`  CPU ${engineCpu.toFixed(1)} s (all threads): ${(engineCpuRate / 1000).toFixed(1)} k voxels per CPU-second`);
console.log(`  phases: ${phaseText}; longest stall of this thread's event loop meanwhile: ${stall.toFixed(0)} ms (${mapsStall.toFixed(0)} ms during the maps phase)`);
console.log(`  memory: peak RSS ${mb(rss)} (whole process, worker threads included); peak heap + ArrayBuffers ${mb(peakHeapAndBuffers)} (${mb(before.heapUsed + before.arrayBuffers)} before the volume)`);
console.log(`  raw HU: ${mb(rawHuBytes)} as 16-bit samples, ${mb(voxels * nt * 4)} as the float32 volume; goal 2 × raw + 300 MB = ${mb(2 * rawHuBytes + 300 * MB)} (16-bit) or ${mb(2 * voxels * nt * 4 + 300 * MB)} (float32)`);

// 2. Where a voxel's time goes, on this thread.
{
  const model = perfusionModel(times, aifHu, null, constants);
  const sample = 8000;
  const curves = Array.from({ length: sample }, (_, n) => Float64Array.from({ length: nt }, (_, t) => data[t * voxels + n + 1]));
  const scratch = voxelScratch(model);
  const cpu = (f: () => void): number => {
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1e6;
  };
  cpu(() => curves.forEach((c) => voxelPerfusion(model, c, scratch))); // warm-up
  const all = cpu(() => curves.forEach((c) => voxelPerfusion(model, c, scratch)));
  const grids = curves.map((c) => resampleLinear(times, enhancement(c, model.baselineFrames, new Float64Array(nt)), model.grid, new Float64Array(model.grid.n)));
  const out = new Float64Array(model.svd.L);
  const os = osvdScratch(model.svd.L);
  let kept = 0;
  const deconvolution = cpu(() => grids.forEach((g) => (kept += deconvolveOsvd(model.svd, g, constants.oscillationIndex, out, os))));
  console.log(`per voxel, one thread (CPU time, ${sample} voxels), JavaScript: ${((all / sample) * 1e6).toFixed(1)} µs, of which oSVD ${((deconvolution / sample) * 1e6).toFixed(1)} µs (${model.svd.L} components, ${(kept / sample).toFixed(1)} kept on average), the rest (baseline, Patlak ×2, resampling, delays, Tmax) ${(((all - deconvolution) / sample) * 1e6).toFixed(1)} µs`);
  const kernel = perfusionSimdKernel();
  if (kernel) {
    const simd = voxelScratch(model, kernel);
    cpu(() => curves.forEach((c) => voxelPerfusion(model, c, simd)));
    const withSimd = cpu(() => curves.forEach((c) => voxelPerfusion(model, c, simd)));
    console.log(`  with the WebAssembly SIMD oSVD (what the workers run): ${((withSimd / sample) * 1e6).toFixed(1)} µs per voxel`);
  }
}

// 3. The NumPy reference on the first referenceVoxels voxels.
const dir = mkdtempSync(join(tmpdir(), 'perfusion-bench-'));
try {
  const part = new Float32Array(nt * referenceVoxels);
  for (let t = 0; t < nt; t++) part.set(data.subarray(t * voxels, t * voxels + referenceVoxels), t * referenceVoxels);
  const mask = result.mask.slice(0, referenceVoxels);
  writeFileSync(join(dir, 'data.f32'), new Uint8Array(part.buffer));
  writeFileSync(join(dir, 'mask.u8'), mask);
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ frames: nt, voxels: referenceVoxels, times, aifHu, oscillationIndex: constants.oscillationIndex }));
  const py = spawnSync('/usr/bin/python3', [join(import.meta.dirname, 'perfusionReference.py'), dir], { encoding: 'utf8' });
  const mean = (map: Float32Array) => {
    let s = 0;
    let n = 0;
    for (let v = 0; v < referenceVoxels; v++) {
      if (!mask[v]) continue;
      s += map[v];
      n++;
    }
    return s / n;
  };
  if (py.status !== 0) console.log(`NumPy reference not run: ${py.error?.message ?? py.stderr.trim().split('\n').pop()}`);
  else {
    const ref = JSON.parse(py.stdout) as { seconds: number; cpuSeconds: number; voxels: number; meanCbf: number; meanPs: number; meanCbv: number };
    const refRate = ref.voxels / ref.seconds;
    const refCpuRate = ref.voxels / ref.cpuSeconds;
    console.log(`NumPy reference (/usr/bin/python3, NumPy's own threads), first ${ref.voxels} voxels: ${ref.seconds.toFixed(1)} s, ${(refRate / 1000).toFixed(1)} k voxels/s; CPU ${ref.cpuSeconds.toFixed(1)} s, ${(refCpuRate / 1000).toFixed(1)} k voxels per CPU-second`);
    console.log(`  means over those voxels, engine vs NumPy: CBF ${mean(result.maps.cbf).toFixed(3)} vs ${ref.meanCbf.toFixed(3)}, PS ${mean(result.maps.ps).toFixed(3)} vs ${ref.meanPs.toFixed(3)}, CBV ${mean(result.maps.cbv).toFixed(3)} vs ${ref.meanCbv.toFixed(3)}`);
    console.log(`engine (${WORKERS} workers) / reference throughput: ${(engineRate / refRate).toFixed(1)}× wall clock (goal ≥ 10×); per CPU-second ${(engineCpuRate / refCpuRate).toFixed(1)}×`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
