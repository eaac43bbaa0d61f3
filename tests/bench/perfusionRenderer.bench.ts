/**
 * `npx tsx tests/bench/perfusionRenderer.bench.ts [nx ny nz] [runs]` (also `npm run bench -- perfusionRenderer`):
 * the perfusion engine in the RENDERER, issue #16's memory goal where the app runs it. A small page
 * (perfusionPoolPage/, built with vite as the app, served cross-origin isolated as the app is) in
 * Debian Chromium generates the perfusion benches' volume, by default 512×512×16 × 40 frames
 * (tests/fixtures/benchCtp.ts, the one perfusion.bench.ts computes in Node), held as the app holds
 * an assembled series (float32 HU on a SharedArrayBuffer), and runs the app's Web Worker pool
 * (computePerfusionInWorkers, 2 workers, AIF and VOF automatic) on it.
 * Memory: PSS of the renderer process (the page and its workers: Chromium runs dedicated workers as
 * threads of the page's renderer), sampled every 100 ms, with the page just opened, with the volume
 * generated, at its peak during the maps and after them (maps held); the page's JS heap + ArrayBuffers
 * (CDP Runtime.getHeapUsage; the workers' heaps not in it). Goal: ≤ 2 × raw HU (16-bit samples) + 300 MB.
 * Speed: seconds and voxels/s, and as a ratio to the Node pool (computePerfusionOnThreads, 2 threads)
 * on the same volume run just before it (same load), with both maps' mean CBF (same maps).
 * Prints; asserts nothing. The cores are shared: compare ratios within one run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { computePerfusionOnThreads } from '../../src/cli/nodePerfusionPool';
import { BENCH_CTP_TIMES, fillBenchCtp } from '../fixtures/benchCtp';
import { loadText, pageHeapAndBuffers, processTree, rendererPss, samplePeaks } from './chromiumMemory';

const args = process.argv.slice(2).map(Number);
const [nx, ny, nz] = [0, 1, 2].map((i) => args[i] || [512, 512, 16][i]);
const RUNS = args[3] || 2;
const WORKERS = 2;
const times = BENCH_CTP_TIMES;
const nt = times.length;
const voxels = nx * ny * nz;
const MiB = 2 ** 20;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;
/** The issue's bound, on its stricter reading (300 MB = 300·10⁶ bytes; 300 MiB would allow 14.5 MiB more). */
const rawHuBytes = voxels * nt * 2;
const boundBytes = 2 * rawHuBytes + 300e6;
const options = { slabs: [{ firstSlice: 0, endSlice: nz, times }], constants: { hematocritFactor: 1, density: 1, oscillationIndex: 0.095 } };

interface PageRun {
  seconds: number;
  phases: [string, number][];
  tissueVoxels: number;
  aifVoxel: number;
  meanCbf: number;
  simd: boolean;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The Node pool on the same volume: seconds and mean CBF over the mask (the reference, same maps). */
async function nodeReference(): Promise<{ seconds: number; meanCbf: number; tissueVoxels: number }> {
  const data = new Float32Array(new SharedArrayBuffer(voxels * nt * 4));
  fillBenchCtp(data, voxels, times);
  const t0 = performance.now();
  const r = await computePerfusionOnThreads({ data, dims: [nx, ny, nz, nt], spacing: [0.45, 0.45, 5] }, options, {}, WORKERS);
  const seconds = (performance.now() - t0) / 1000;
  let sum = 0;
  for (let v = 0; v < voxels; v++) if (r.mask[v]) sum += r.maps.cbf[v];
  return { seconds, meanCbf: sum / r.tissueVoxels, tissueVoxels: r.tissueVoxels };
}

async function main(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'perfusion-renderer-bench-'));
  await build({ root: join(import.meta.dirname, 'perfusionPoolPage'), base: './', logLevel: 'silent', worker: { format: 'es' }, build: { outDir: out, emptyOutDir: true, target: 'es2022' } });
  process.env.E2E_DIST = out;
  const { openApp, serveDist } = await import('../e2e/harness');
  const server = await serveDist();
  console.log(`${nx}×${ny}×${nz} × ${nt} frames, every voxel tissue: the app's Web Worker pool (${WORKERS} workers) in headless Debian Chromium, ${RUNS} runs`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}; ${new Date().toISOString()}; ${loadText()} at the start (cores shared with other jobs)`);
  const rows: { page: PageRun; node: Awaited<ReturnType<typeof nodeReference>>; open: number; generated: number; volume: number; peak: number; peakHeap: number; after: number; afterGc: number; afterHeap: number; gpu: number; generate: number; load: string }[] = [];
  try {
    for (let r = 0; r < RUNS; r++) {
      const node = await nodeReference();
      const session = await openApp(server.url);
      try {
        const { page } = session;
        await page.waitForFunction('document.title === "ready"');
        const cdp = await page.context().newCDPSession(page);
        const open = rendererPss();
        const gen = (await page.evaluate(`perfusionGenerate(${nx}, ${ny}, ${nz})`)) as { seconds: number; shared: boolean; crossOriginIsolated: boolean };
        if (!gen.shared || !gen.crossOriginIsolated) throw new Error(`the page is not cross-origin isolated (shared ${gen.shared}): the app would hold the volume on a SharedArrayBuffer`);
        const generated = rendererPss();
        // The generator's garbage collected, so the run starts from the page holding just the volume (as after an assembly).
        await cdp.send('HeapProfiler.collectGarbage');
        const volume = rendererPss();
        const sampler = samplePeaks(cdp);
        const result = (await page.evaluate(`perfusionRun(${WORKERS})`)) as PageRun;
        const peak = await sampler.stop();
        const after = rendererPss();
        const afterHeap = await pageHeapAndBuffers(cdp);
        await cdp.send('HeapProfiler.collectGarbage');
        const afterGc = rendererPss();
        const gpu = processTree().filter((p) => p.type === 'gpu-process').reduce((a, p) => a + p.pss, 0);
        rows.push({ page: result, node, open, generated, volume, peak: peak.renderer, peakHeap: peak.heap, after, afterGc, afterHeap, gpu, generate: gen.seconds, load: loadText() });
      } finally {
        await session.close();
      }
    }
  } finally {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  }
  rows.forEach((x, i) => {
    const rate = x.page.tissueVoxels / x.page.seconds;
    console.log(
      `  run ${i + 1} (${x.load} at its end): Chromium ${x.page.seconds.toFixed(1)} s, ${(rate / 1000).toFixed(1)} k voxels/s (${x.page.phases.map(([p, s]) => `${p} ${s.toFixed(1)} s`).join(', ')}; SIMD kernel ${x.page.simd}); ` +
        `Node pool ${x.node.seconds.toFixed(1)} s → Chromium / Node ${(x.page.seconds / x.node.seconds).toFixed(2)}× the time; mean CBF ${x.page.meanCbf.toFixed(4)} vs Node ${x.node.meanCbf.toFixed(4)} over ${x.page.tissueVoxels} / ${x.node.tissueVoxels} voxels`,
    );
    console.log(
      `    renderer PSS: page open ${mib(x.open)} → volume generated (${x.generate.toFixed(1)} s) ${mib(x.generated)}, ${mib(x.volume)} after a GC → peak during the maps ${mib(x.peak)} → after, maps held ${mib(x.after)}, ${mib(x.afterGc)} after a GC; ` +
        `page JS heap + ArrayBuffers peak ${mib(x.peakHeap)}, after ${mib(x.afterHeap)}; GPU process ${mib(x.gpu)}`,
    );
  });
  const peak = median(rows.map((x) => x.peak));
  console.log(
    `  raw HU ${mib(rawHuBytes)} as 16-bit samples (${rawHuBytes} B; the float32 volume ${mib(rawHuBytes * 2)}) → goal 2 × raw + 300 MB = ${mib(boundBytes)} (${(boundBytes / 1e6).toFixed(0)} MB; ${mib(2 * rawHuBytes + 300 * MiB)} reading 300 MB as MiB)`,
  );
  console.log(
    `  median peak renderer PSS ${mib(peak)} = ${(peak / boundBytes).toFixed(3)}× the goal (${peak <= boundBytes ? 'met' : 'NOT met'}); ${mib(peak - median(rows.map((x) => x.volume)))} above the page holding the volume, ${mib(peak - median(rows.map((x) => x.open)))} above the page just opened`,
  );
  console.log(
    `  median Chromium ${median(rows.map((x) => x.page.seconds)).toFixed(1)} s, ${(median(rows.map((x) => x.page.tissueVoxels / x.page.seconds)) / 1000).toFixed(1)} k voxels/s; Chromium / Node pool ${median(rows.map((x) => x.page.seconds / x.node.seconds)).toFixed(2)}× the time`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
