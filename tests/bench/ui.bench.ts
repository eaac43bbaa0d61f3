/**
 * `npx tsx tests/bench/ui.bench.ts [seriesId]`: folder → FA on screen in headless Chromium for one
 * shared series (default philips_701_DTI_Biobank_cl), split into index (folder input → series
 * listed), assemble and fit (the app's own timings, shown in the DTI panel), and render (fit done →
 * FA drawn in the viewport), against the dcm2niix → dwi2mask → dwi2tensor → tensor2metric
 * pipeline on the same folder (run interleaved with the app runs, same flags as pipeline.bench.ts:
 * -nthreads 2).
 *
 * The app's time is timestamped inside the page, not by Playwright: its `waitFor` polls at 0, 20,
 * 50, 100, 100, then every 500 ms, and its clicks spend ~0.1 s each on actionability checks, so
 * its own clock put up to ~0.3 s that is neither the app's nor a user's into the total. The total
 * is the two spans the app works for: setting the folder → the series row in the DOM, and the
 * Compute click event → the map viewport's first CORNERSTONE_IMAGE_RENDERED with the FA layer
 * (the canvas holds the FA image). Selecting the series between them is the user's time; the
 * wall time with Playwright's clicks is printed beside it. Memory, two figures per run:
 *  - JS heap + buffers: CDP Runtime.getHeapUsage of the page (V8 heap + ArrayBuffer backing stores;
 *    the fit workers' heaps are not included);
 *  - renderer PSS: resident memory of Chromium's renderer processes (page and its workers: the whole
 *    app), read from /proc every 100 ms; the GPU process (SwiftShader WebGL textures) printed beside it.
 * Goals: faster than the pipeline; renderer memory ≤ 3 × raw DWI bytes (dcm2niix's NIfTI payload) + 300 MB.
 * Builds the web app into a temporary folder first so a concurrent `dist/` rebuild cannot disturb it.
 * 3 runs, each in a fresh browser profile; prints every run, the medians and the ratios. Asserts nothing.
 * On a machine shared with other jobs the figures are noisy: compare runs taken in the same conditions.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { hasSharedDicom, repoRoot, sharedDicomSkipMessage, sharedSeriesDir } from '../helpers/sharedData';
import { processTree } from './chromiumMemory';

const RUNS = 3;
const THREADS = '2';
const seriesId = process.argv[2] ?? 'philips_701_DTI_Biobank_cl';
const MB = 2 ** 20;

interface Run {
  index: number;
  /** Compute click → FA drawn. */
  compute: number;
  /** Setting the folder → FA drawn as Playwright's clock sees it, its clicks included. */
  wall: number;
  assemble: number;
  fit: number;
  render: number;
  total: number;
  peakHeapMb: number;
  peakRendererMb: number;
  /** Renderer PSS of the app just opened (no study), and how many renderer processes the peak summed. */
  startRendererMb: number;
  rendererProcesses: number;
  peakGpuMb: number;
}

interface PipelineRun {
  steps: number[];
  total: number;
  /** Bytes of dcm2niix's uncompressed DWI image data (the .nii minus its 352-byte header). */
  rawDwiBytes: number;
}

/** Wall seconds of one command; throws with its stderr when it fails. */
function wall(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

/** The reference pipeline, as pipeline.bench.ts runs it (that file exports nothing to reuse). */
function pipeline(dicom: string): PipelineRun {
  const dir = mkdtempSync(join(tmpdir(), 'ui-bench-pipeline-'));
  try {
    const mr = ['-quiet', '-force', '-nthreads', THREADS];
    const grad = ['-fslgrad', join(dir, 'dwi.bvec'), join(dir, 'dwi.bval')];
    const steps = [
      wall('dcm2niix', ['-z', 'n', '-f', 'dwi', '-o', dir, dicom]),
      wall('dwi2mask', [...mr, ...grad, join(dir, 'dwi.nii'), join(dir, 'mask.mif')]),
      wall('dwi2tensor', [...mr, ...grad, '-mask', join(dir, 'mask.mif'), join(dir, 'dwi.nii'), join(dir, 'dt.mif')]),
      wall('tensor2metric', [...mr, '-fa', join(dir, 'fa.nii'), '-adc', join(dir, 'md.nii'), '-ad', join(dir, 'ad.nii'), '-rd', join(dir, 'rd.nii'), join(dir, 'dt.mif')]),
    ];
    return { steps, total: steps.reduce((a, b) => a + b, 0), rawDwiBytes: statSync(join(dir, 'dwi.nii')).size - 352 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Installed in the page before the folder is set (a string: tsx's helpers do not exist in the page).
 * Wall-clock epoch milliseconds (performance.timeOrigin + now(), comparable with this process's):
 * `listed` when a DTI series row enters the DOM, `computeClick` at the Compute button's click event,
 * `faDrawn` when the map viewport (id `viewport-N-map`) reports a rendered image while the FA colourbar is shown.
 */
const PAGE_CLOCK = `(() => {
  let drawn;
  const clock = (window.__benchClock = { drawn: new Promise((ok) => (drawn = ok)) });
  const now = () => performance.timeOrigin + performance.now();
  new MutationObserver(() => {
    if (!clock.listed && document.querySelector('[role=treeitem][aria-label^="Series"][aria-label*="DTI"]')) clock.listed = now();
  }).observe(document.body, { subtree: true, childList: true, attributes: true });
  document.addEventListener('click', (e) => {
    if (!clock.computeClick && e.target instanceof Element && e.target.closest('button')?.textContent?.trim() === 'Compute DTI') clock.computeClick = now();
  }, true);
  document.addEventListener('CORNERSTONE_IMAGE_RENDERED', (e) => {
    if (clock.computeClick && !clock.faDrawn && /-map$/.test(e.detail?.viewportId ?? '') && document.querySelector('[aria-label^="Colourbar FA "]')) drawn((clock.faDrawn = now()));
  }, true);
})()`;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  if (!hasSharedDicom) {
    console.log(sharedDicomSkipMessage);
    return;
  }
  const havePipeline = ['dcm2niix', 'dwi2mask', 'dwi2tensor', 'tensor2metric'].every((tool) => !spawnSync(tool, ['-version']).error);
  if (!havePipeline) console.log('dcm2niix / MRtrix3 not installed (apt-get install -y dcm2niix mrtrix3): no pipeline to compare with');
  const out = mkdtempSync(join(tmpdir(), 'dti-ui-bench-'));
  const build = spawnSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir'], { cwd: repoRoot, stdio: 'ignore' });
  if (build.status !== 0) throw new Error('vite build failed');
  process.env.E2E_DIST = out;
  const { openApp, serveDist } = await import('../e2e/harness');
  const server = await serveDist();
  const folder = join(sharedSeriesDir(seriesId), 'dicom');
  const runs: Run[] = [];
  const pipelines: PipelineRun[] = [];
  try {
    for (let r = 0; r < RUNS; r++) {
      // Interleaved with the app runs so both see the same load on a shared machine.
      if (havePipeline) pipelines.push(pipeline(folder));
      const session = await openApp(server.url);
      const { page } = session;
      const cdp = await page.context().newCDPSession(page);
      const peak = { heap: 0, renderer: 0, gpu: 0, processes: 0 };
      await page.getByRole('button', { name: 'Open demo' }).waitFor();
      const startRenderer = processTree(process.pid).filter((p) => p.type === 'renderer').reduce((a, p) => a + p.pss, 0);
      let sampling = true;
      const heapSampler = (async () => {
        while (sampling) {
          // usedSize is the V8 heap; backingStorageSize the ArrayBuffers (volumes, maps) living outside it.
          const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
          peak.heap = Math.max(peak.heap, usage.usedSize + (usage.backingStorageSize ?? 0));
          await new Promise((ok) => setTimeout(ok, 50));
        }
      })();
      // Playwright starts Chromium as a child of this process: its renderer and GPU processes are our descendants.
      const pssSampler = setInterval(() => {
        const tree = processTree(process.pid);
        const renderers = tree.filter((p) => p.type === 'renderer');
        const pss = renderers.reduce((a, p) => a + p.pss, 0);
        if (pss > peak.renderer) Object.assign(peak, { renderer: pss, processes: renderers.length });
        peak.gpu = Math.max(peak.gpu, tree.filter((p) => p.type === 'gpu-process').reduce((a, p) => a + p.pss, 0));
      }, 100);
      await page.evaluate(PAGE_CLOCK);
      const t0 = performance.timeOrigin + performance.now();
      await page.getByLabel('Folder input').setInputFiles(folder);
      const row = page.getByRole('treeitem', { name: /^Series .*DTI/ }).first();
      await row.waitFor({ timeout: 300_000 });
      await row.click();
      await page.getByRole('button', { name: 'Compute DTI' }).click();
      // A promise the page resolves (waitForFunction would eval a string, which the app's CSP forbids).
      await page.evaluate('window.__benchClock.drawn');
      const tWall = performance.timeOrigin + performance.now();
      const clock = (await page.evaluate('({ ...window.__benchClock, drawn: undefined })')) as { listed: number; computeClick: number; faDrawn: number };
      sampling = false;
      clearInterval(pssSampler);
      await heapSampler;
      const summary = await page.getByLabel('Fit summary').innerText();
      const m = /read ([\d.]+) s, fit ([\d.]+) s/.exec(summary);
      const assemble = Number(m?.[1]);
      const fit = Number(m?.[2]);
      const index = (clock.listed - t0) / 1000;
      const compute = (clock.faDrawn - clock.computeClick) / 1000;
      runs.push({
        index,
        compute,
        wall: (tWall - t0) / 1000,
        assemble,
        fit,
        render: compute - assemble - fit,
        total: index + compute,
        peakHeapMb: peak.heap / MB,
        peakRendererMb: peak.renderer / MB,
        startRendererMb: startRenderer / MB,
        rendererProcesses: peak.processes,
        peakGpuMb: peak.gpu / MB,
      });
      await session.close();
    }
  } finally {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  }
  const fmt = (x: Run) =>
    `index ${x.index.toFixed(2)} s · assemble ${x.assemble.toFixed(2)} s · fit ${x.fit.toFixed(2)} s · render ${x.render.toFixed(2)} s · total ${x.total.toFixed(2)} s (wall with Playwright's clicks ${x.wall.toFixed(2)} s) · ` +
    `JS heap+buffers ${x.peakHeapMb.toFixed(0)} MB · renderer PSS ${x.peakRendererMb.toFixed(0)} MB ` +
    `(${x.rendererProcesses} process${x.rendererProcesses === 1 ? '' : 'es'}; ${x.startRendererMb.toFixed(0)} MB with the app just opened; GPU process ${x.peakGpuMb.toFixed(0)} MB)`;
  console.log(`${seriesId}: folder → FA on screen, headless Chromium (SwiftShader), ${RUNS} runs`);
  runs.forEach((x, i) => console.log(`  run ${i + 1}: ${fmt(x)}`));
  const med = (f: keyof Run) => median(runs.map((x) => x[f]));
  console.log(
    `  median: index ${med('index').toFixed(2)} s · assemble ${med('assemble').toFixed(2)} s · fit ${med('fit').toFixed(2)} s · render ${med('render').toFixed(2)} s · total ${med('total').toFixed(2)} s (wall ${med('wall').toFixed(2)} s)`,
  );
  if (pipelines.length === 0) return;
  pipelines.forEach((p, i) =>
    console.log(`  pipeline run ${i + 1}: dcm2niix ${p.steps[0].toFixed(2)} s · dwi2mask ${p.steps[1].toFixed(2)} s · dwi2tensor ${p.steps[2].toFixed(2)} s · tensor2metric ${p.steps[3].toFixed(2)} s · total ${p.total.toFixed(2)} s`),
  );
  const pipelineTotal = median(pipelines.map((p) => p.total));
  console.log(`  median pipeline (dcm2niix → dwi2mask → dwi2tensor → tensor2metric, -nthreads ${THREADS}): ${pipelineTotal.toFixed(2)} s`);
  console.log(`  app / pipeline: ${(med('total') / pipelineTotal).toFixed(2)}× the pipeline's time (goal < 1×)`);
  const raw = pipelines[0].rawDwiBytes;
  const goalMb = (3 * raw) / MB + 300;
  console.log(
    `  memory: raw DWI ${(raw / MB).toFixed(1)} MB → goal ≤ ${goalMb.toFixed(0)} MB; median renderer PSS ${med('peakRendererMb').toFixed(0)} MB ` +
      `(${(med('peakRendererMb') / goalMb).toFixed(2)}× the goal; ${(med('peakRendererMb') - med('startRendererMb')).toFixed(0)} MB above the app just opened), ` +
      `JS heap+buffers ${med('peakHeapMb').toFixed(0)} MB`,
  );
}

await main();
