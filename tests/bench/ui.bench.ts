/**
 * `npx tsx tests/bench/ui.bench.ts [seriesId]`: folder → FA on screen in headless Chromium for one
 * shared series (default philips_701_DTI_Biobank_cl), split into index (folder input → series
 * listed), assemble and fit (the app's own timings, shown in the DTI panel), and render (fit done →
 * FA and colourbar on screen), plus the renderer's peak JS memory (CDP Runtime.getHeapUsage: V8 heap + ArrayBuffer
 * backing stores, sampled every 50 ms; worker heaps are not included). Builds the web app into a temporary folder first so a
 * concurrent `dist/` rebuild cannot disturb it. 3 runs, each in a fresh browser profile; prints
 * every run and the fastest. Asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { hasSharedDicom, repoRoot, sharedDicomSkipMessage, sharedSeriesDir } from '../helpers/sharedData';

const RUNS = 3;
const seriesId = process.argv[2] ?? 'philips_701_DTI_Biobank_cl';

interface Run {
  index: number;
  assemble: number;
  fit: number;
  render: number;
  total: number;
  peakHeapMb: number;
}

async function main(): Promise<void> {
  if (!hasSharedDicom) {
    console.log(sharedDicomSkipMessage);
    return;
  }
  const out = mkdtempSync(join(tmpdir(), 'dti-ui-bench-'));
  const build = spawnSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir'], { cwd: repoRoot, stdio: 'ignore' });
  if (build.status !== 0) throw new Error('vite build failed');
  process.env.E2E_DIST = out;
  const { openApp, serveDist } = await import('../e2e/harness');
  const server = await serveDist();
  const folder = join(sharedSeriesDir(seriesId), 'dicom');
  const runs: Run[] = [];
  try {
    for (let r = 0; r < RUNS; r++) {
      const session = await openApp(server.url);
      const { page } = session;
      const cdp = await page.context().newCDPSession(page);
      let peak = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          // usedSize is the V8 heap; backingStorageSize the ArrayBuffers (volumes, maps) living outside it.
          const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
          peak = Math.max(peak, usage.usedSize + (usage.backingStorageSize ?? 0));
          await new Promise((ok) => setTimeout(ok, 50));
        }
      })();
      const t0 = performance.now();
      await page.getByLabel('Folder input').setInputFiles(folder);
      const row = page.getByRole('treeitem', { name: /^Series .*DTI/ }).first();
      await row.waitFor({ timeout: 300_000 });
      const tIndexed = performance.now();
      await row.click();
      const tCompute = performance.now();
      await page.getByRole('button', { name: 'Compute' }).click();
      await page.getByRole('img', { name: /^Colourbar FA / }).waitFor({ timeout: 600_000 });
      const tShown = performance.now();
      sampling = false;
      await sampler;
      const summary = await page.getByLabel('Fit summary').innerText();
      const m = /read ([\d.]+) s, fit ([\d.]+) s/.exec(summary);
      const assemble = Number(m?.[1]);
      const fit = Number(m?.[2]);
      runs.push({
        index: (tIndexed - t0) / 1000,
        assemble,
        fit,
        render: (tShown - tCompute) / 1000 - assemble - fit,
        total: (tShown - t0) / 1000,
        peakHeapMb: peak / 2 ** 20,
      });
      await session.close();
    }
  } finally {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  }
  const fmt = (x: Run) =>
    `index ${x.index.toFixed(2)} s · assemble ${x.assemble.toFixed(2)} s · fit ${x.fit.toFixed(2)} s · render ${x.render.toFixed(2)} s · total ${x.total.toFixed(2)} s · peak JS heap+buffers ${x.peakHeapMb.toFixed(0)} MB`;
  console.log(`${seriesId}: folder → FA on screen, headless Chromium (SwiftShader), ${RUNS} runs`);
  runs.forEach((x, i) => console.log(`  run ${i + 1}: ${fmt(x)}`));
  console.log(`  fastest: ${fmt(runs.reduce((a, b) => (b.total < a.total ? b : a)))}`);
}

await main();
