/**
 * `npx tsx tests/bench/perfusionUi.bench.ts [nx ny nz frames] [runs]` (also `npm run bench -- perfusionUi`):
 * CT perfusion in the app, headless Debian Chromium, as a user runs it: the folder set on the app's
 * folder input, the CTP series selected, Compute perfusion clicked, timed inside the page from the
 * click to the map viewport's first render with the CBF colourbar shown; split into the app's own
 * "read" (assemble) and "maps" (worker pool) figures from the perfusion panel and the rest (render:
 * store → map viewport drawn). Two series:
 *  1. a generated CT perfusion series at a scanner's size, by default 512×512×16 × 40 frames
 *     (tests/fixtures/largeCtpSeries.ts: the demo's anatomy and tissues, real single-frame CT DICOM,
 *     written into a temporary folder and deleted at the end);
 *  2. the demo's day-14 CTP (56×56×3 × 45; `npm run demo`), when it is built.
 * Memory, per run: renderer PSS (the page and its workers, one process) with the app just opened,
 * with the series shown (before Compute), its peak from the click to the map drawn, and after; the
 * page's JS heap + ArrayBuffers (CDP; the workers' heaps not in it); the GPU process. Goal (issue
 * #16, for #17): renderer ≤ 2 × raw HU (16-bit samples) + 300 MB.
 * Reference in the same run (interleaved, same load): the same engine in this Node process on the
 * same folder (indexFolder → assembleVolume → computePerfusionOnThreads, 2 threads); the app's
 * read and maps are printed as ratios to it. Asserts nothing; the cores are shared.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { computePerfusionOnThreads } from '../../src/cli/nodePerfusionPool';
import { indexFolder } from '../../src/cli/indexFolder';
import { createFrameDecoder } from '../../src/codecs/createFrameDecoder';
import { planPerfusion } from '../../src/core/dicom/timing/planPerfusion';
import { DEFAULT_BRAIN_DENSITY, DEFAULT_HEMATOCRIT_FACTOR, DEFAULT_OSCILLATION_INDEX } from '../../src/core/perfusion/constants';
import { assembleVolume } from '../../src/core/volume/assembleVolume';
import { BENCH_CTP_TIMES } from '../fixtures/benchCtp';
import { writeLargeCtpSeries } from '../fixtures/largeCtpSeries';
import { repoRoot } from '../helpers/sharedData';
import { loadText, pageHeapAndBuffers, processTree, rendererPss, samplePeaks } from './chromiumMemory';

const args = process.argv.slice(2).map(Number);
const [nx, ny, nz] = [0, 1, 2].map((i) => args[i] || [512, 512, 16][i]);
const frames = Math.min(BENCH_CTP_TIMES.length, args[3] || 40);
const RUNS = args[4] || 2;
const MiB = 2 ** 20;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;
const demoFolder = join(repoRoot, 'assets', 'demo', 'DEMO-001');

/**
 * The page's clock (epoch ms): the Compute perfusion click, the perfusion summary entering the DOM
 * (the result in the store and rendered: the baseline image made, the panel's volumes counted),
 * and the first map render while the CBF colourbar shows.
 */
const PAGE_CLOCK = `(() => {
  let drawn;
  const clock = (window.__benchClock = { drawn: new Promise((ok) => (drawn = ok)) });
  const now = () => performance.timeOrigin + performance.now();
  new MutationObserver(() => {
    if (clock.click && !clock.summary && document.querySelector('[aria-label="Perfusion summary"]')) clock.summary = now();
  }).observe(document.body, { subtree: true, childList: true });
  document.addEventListener('click', (e) => {
    if (!clock.click && e.target instanceof Element && e.target.closest('button')?.textContent?.trim() === 'Compute perfusion') clock.click = now();
  }, true);
  document.addEventListener('CORNERSTONE_IMAGE_RENDERED', (e) => {
    if (clock.click && !clock.cbf && /-map$/.test(e.detail?.viewportId ?? '') && document.querySelector('[aria-label^="Colourbar CBF "]')) drawn((clock.cbf = now()));
  }, true);
})()`;

interface AppRun {
  /** Folder set → the series row listed (Playwright's clock), s. */
  index: number;
  click: number;
  /** Click → the perfusion summary in the DOM, s. */
  summary: number;
  read: number;
  maps: number;
  tissueVoxels: number;
  open: number;
  shown: number;
  peak: number;
  peakHeap: number;
  after: number;
  afterHeap: number;
  gpu: number;
  load: string;
}

interface NodeRun {
  assemble: number;
  maps: number;
  tissueVoxels: number;
  rawHuBytes: number;
  dims: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The same engine in Node on `folder`: assemble and maps seconds (the reference). */
async function nodeReference(folder: string): Promise<NodeRun> {
  const { files, index } = await indexFolder(folder);
  const series = index.patients.flatMap((p) => p.studies.flatMap((s) => s.series)).find((s) => s.kind === 'ctp');
  if (!series) throw new Error(`${folder}: no CT perfusion series`);
  const { plan, slabs } = planPerfusion(series);
  const t0 = performance.now();
  const volume = await assembleVolume(plan, new Map(files.map((f) => [f.path, f])), createFrameDecoder(), { shared: true });
  const assemble = (performance.now() - t0) / 1000;
  const constants = { hematocritFactor: DEFAULT_HEMATOCRIT_FACTOR, density: DEFAULT_BRAIN_DENSITY, oscillationIndex: DEFAULT_OSCILLATION_INDEX };
  const t1 = performance.now();
  const r = await computePerfusionOnThreads({ data: volume.data, dims: volume.dims, spacing: volume.spacing }, { slabs, constants }, {}, 2);
  return { assemble, maps: (performance.now() - t1) / 1000, tissueVoxels: r.tissueVoxels, rawHuBytes: volume.data.length * 2, dims: volume.dims.join('×') };
}

/** One app run on `folder`: open, list, select the CTP row, Compute, CBF drawn. */
async function appRun(url: string, folder: string, openApp: typeof import('../e2e/harness').openApp): Promise<AppRun> {
  const session = await openApp(url);
  try {
    const { page } = session;
    const cdp = await page.context().newCDPSession(page);
    await page.getByRole('button', { name: 'Open demo' }).waitFor();
    const open = rendererPss();
    const t0 = performance.now();
    await page.getByLabel('Folder input').setInputFiles(folder);
    const row = page.getByRole('treeitem', { name: /^Series .*PERFUSION/ });
    await row.waitFor({ timeout: 600_000 });
    const index = (performance.now() - t0) / 1000;
    await row.click();
    await page.getByRole('region', { name: 'Viewport 1' }).getByLabel('Slice location').waitFor({ timeout: 120_000 });
    await page.evaluate(PAGE_CLOCK);
    const shown = rendererPss();
    const sampler = samplePeaks(cdp);
    await page.getByRole('button', { name: 'Compute perfusion' }).click();
    await page.evaluate('window.__benchClock.drawn');
    const peak = await sampler.stop();
    const clock = (await page.evaluate('({ ...window.__benchClock, drawn: undefined })')) as { click: number; summary: number; cbf: number };
    const summary = await page.getByLabel('Perfusion summary').innerText();
    const m = /(\d+) tissue voxels · read ([\d.]+) s, maps ([\d.]+) s/.exec(summary);
    if (!m) throw new Error(`unexpected perfusion summary: ${summary}`);
    const after = rendererPss();
    const afterHeap = await pageHeapAndBuffers(cdp);
    const gpu = processTree().filter((p) => p.type === 'gpu-process').reduce((a, p) => a + p.pss, 0);
    return { index, click: (clock.cbf - clock.click) / 1000, summary: (clock.summary - clock.click) / 1000, tissueVoxels: Number(m[1]), read: Number(m[2]), maps: Number(m[3]), open, shown, peak: peak.renderer, peakHeap: peak.heap, after, afterHeap, gpu, load: loadText() };
  } finally {
    await session.close();
  }
}

function report(title: string, runs: AppRun[], refs: NodeRun[]): void {
  const raw = refs[0].rawHuBytes;
  const bound = 2 * raw + 300e6;
  console.log(`${title} (${refs[0].dims}): Compute perfusion → CBF on screen, headless Chromium, ${runs.length} runs`);
  runs.forEach((x, i) => {
    const render = x.click - x.read - x.maps;
    console.log(
      `  run ${i + 1} (${x.load} at its end): folder → series listed ${x.index.toFixed(1)} s; click → CBF drawn ${x.click.toFixed(2)} s = assemble ${x.read.toFixed(2)} s + maps ${x.maps.toFixed(2)} s ` +
        `(${((x.tissueVoxels / x.maps) / 1000).toFixed(1)} k tissue voxels/s, ${x.tissueVoxels} voxels) + render ${render.toFixed(2)} s ` +
        `(maps done → result shown in the panel ${(x.summary - x.read - x.maps).toFixed(2)} s, then → CBF drawn ${(x.click - x.summary).toFixed(2)} s); Node reference assemble ${refs[i].assemble.toFixed(2)} s, maps ${refs[i].maps.toFixed(2)} s`,
    );
    console.log(
      `    renderer PSS: app open ${mib(x.open)} → series shown ${mib(x.shown)} → peak, click to CBF drawn ${mib(x.peak)} → after ${mib(x.after)}; page JS heap + ArrayBuffers peak ${mib(x.peakHeap)}, after ${mib(x.afterHeap)}; GPU process ${mib(x.gpu)}`,
    );
  });
  const med = (f: (x: AppRun) => number) => median(runs.map(f));
  console.log(
    `  median: click → CBF drawn ${med((x) => x.click).toFixed(2)} s (assemble ${med((x) => x.read).toFixed(2)} s, maps ${med((x) => x.maps).toFixed(2)} s, render ${med((x) => x.click - x.read - x.maps).toFixed(2)} s); ` +
      `app / Node: assemble ${median(runs.map((x, i) => x.read / refs[i].assemble)).toFixed(2)}×, maps ${median(runs.map((x, i) => x.maps / refs[i].maps)).toFixed(2)}× the time`,
  );
  const peak = med((x) => x.peak);
  console.log(
    `  memory: raw HU ${mib(raw)} (16-bit samples) → goal 2 × raw + 300 MB = ${mib(bound)}; median peak renderer PSS ${mib(peak)} = ${(peak / bound).toFixed(3)}× the goal (${peak <= bound ? 'met' : 'NOT met'}), ` +
      `${mib(peak - med((x) => x.shown))} above the series shown, ${mib(peak - med((x) => x.open))} above the app just opened`,
  );
}

async function main(): Promise<void> {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}; ${new Date().toISOString()}; ${loadText()} at the start (cores shared with other jobs)`);
  const series = mkdtempSync(join(tmpdir(), 'perfusion-ui-series-'));
  const out = mkdtempSync(join(tmpdir(), 'perfusion-ui-bench-'));
  try {
    const t0 = performance.now();
    const written = writeLargeCtpSeries(series, { dims: [nx, ny, nz], spacing: [0.45, 0.45, 5], times: BENCH_CTP_TIMES.slice(0, frames) });
    console.log(`generated ${written.files} DICOM files, ${mib(written.bytes)}, in ${((performance.now() - t0) / 1000).toFixed(1)} s (${series}, deleted at the end)`);
    if (spawnSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir'], { cwd: repoRoot, stdio: 'ignore' }).status !== 0) throw new Error('vite build failed');
    process.env.E2E_DIST = out;
    const { openApp, serveDist } = await import('../e2e/harness');
    const server = await serveDist();
    try {
      const sets: [string, string, number][] = [[`generated CTP series`, series, RUNS]];
      if (existsSync(join(demoFolder, '..', 'ground-truth.json'))) sets.push(['demo day-14 CTP', demoFolder, 3]);
      else console.log('demo CTP not built (`npm run demo`): only the generated series');
      for (const [title, folder, runs] of sets) {
        const app: AppRun[] = [];
        const refs: NodeRun[] = [];
        for (let r = 0; r < runs; r++) {
          refs.push(await nodeReference(folder));
          app.push(await appRun(server.url, folder, openApp));
        }
        report(title, app, refs);
      }
    } finally {
      await server.close();
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(series, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
