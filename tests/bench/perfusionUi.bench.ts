/**
 * `npx tsx tests/bench/perfusionUi.bench.ts`: CT perfusion in the app, headless Chromium, on the
 * demo's day-14 CTP (npm run demo): the Compute perfusion click → CBF drawn in the map viewport
 * (timestamped inside the page), split into the app's own "read" and "maps" figures (perfusion
 * panel) and the rest (showing the map); memory as the page's JS heap + ArrayBuffers (CDP
 * Runtime.getHeapUsage; the pool's worker heaps excluded) and the renderer processes' PSS.
 * Reference in the same run: the single-thread engine (perfusionMaps) on the same series in this
 * Node process; the app's maps time is printed as a ratio to it. 3 runs; asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { indexFolder } from '../../src/cli/indexFolder';
import { createFrameDecoder } from '../../src/codecs/createFrameDecoder';
import { planPerfusion } from '../../src/core/dicom/timing/planPerfusion';
import { DEFAULT_BRAIN_DENSITY, DEFAULT_HEMATOCRIT_FACTOR, DEFAULT_OSCILLATION_INDEX } from '../../src/core/perfusion/constants';
import { perfusionMaps } from '../../src/core/perfusion/perfusionMaps';
import { assembleVolume } from '../../src/core/volume/assembleVolume';
import { repoRoot } from '../helpers/sharedData';

const RUNS = 3;
const MB = 2 ** 20;
const demoFolder = join(repoRoot, 'assets', 'demo', 'DEMO-001');

/** Summed PSS (bytes) of the Chromium renderer processes descending from this process. */
function rendererPss(): number {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Ended meanwhile.
    }
  }
  const inTree = (pid: number) => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  let sum = 0;
  for (const pid of parent.keys()) {
    if (!inTree(pid)) continue;
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      sum += 1024 * Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Ended meanwhile.
    }
  }
  return sum;
}

/** The page's clock: the Compute perfusion click, and the first map render while the CBF colourbar shows (epoch ms). */
const PAGE_CLOCK = `(() => {
  let drawn;
  const clock = (window.__benchClock = { drawn: new Promise((ok) => (drawn = ok)) });
  const now = () => performance.timeOrigin + performance.now();
  document.addEventListener('click', (e) => {
    if (!clock.click && e.target instanceof Element && e.target.closest('button')?.textContent?.trim() === 'Compute perfusion') clock.click = now();
  }, true);
  document.addEventListener('CORNERSTONE_IMAGE_RENDERED', (e) => {
    if (clock.click && !clock.cbf && /-map$/.test(e.detail?.viewportId ?? '') && document.querySelector('[aria-label^="Colourbar CBF "]')) drawn((clock.cbf = now()));
  }, true);
})()`;

/** Seconds the single-thread engine takes on the demo CTP here (the reference), median of RUNS. */
async function reference(): Promise<{ seconds: number; voxels: string }> {
  const { files, index } = await indexFolder(demoFolder);
  const series = index.patients.flatMap((p) => p.studies.flatMap((s) => s.series)).find((s) => s.kind === 'ctp')!;
  const { plan, slabs } = planPerfusion(series);
  const volume = await assembleVolume(plan, new Map(files.map((f) => [f.path, f])), createFrameDecoder());
  const constants = { hematocritFactor: DEFAULT_HEMATOCRIT_FACTOR, density: DEFAULT_BRAIN_DENSITY, oscillationIndex: DEFAULT_OSCILLATION_INDEX };
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    perfusionMaps({ data: volume.data, dims: volume.dims, slabs, constants });
    times.push((performance.now() - t0) / 1000);
  }
  return { seconds: median(times), voxels: volume.dims.join('×') };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function main(): Promise<void> {
  if (!existsSync(join(demoFolder, '..', 'ground-truth.json'))) {
    console.log('demo missing: run `npm run demo` first');
    return;
  }
  const ref = await reference();
  const out = mkdtempSync(join(tmpdir(), 'perfusion-ui-bench-'));
  if (spawnSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir'], { cwd: repoRoot, stdio: 'ignore' }).status !== 0) throw new Error('vite build failed');
  process.env.E2E_DIST = out;
  const { openApp, serveDist } = await import('../e2e/harness');
  const server = await serveDist();
  const runs: { click: number; read: number; maps: number; heapMb: number; rendererMb: number }[] = [];
  try {
    for (let r = 0; r < RUNS; r++) {
      const session = await openApp(server.url);
      const { page } = session;
      const cdp = await page.context().newCDPSession(page);
      await page.getByLabel('Folder input').setInputFiles(demoFolder);
      await page.getByRole('treeitem', { name: /^Series .*PERFUSION/ }).click({ timeout: 120_000 });
      await page.getByRole('region', { name: 'Viewport 1' }).getByLabel('Slice location').waitFor();
      await page.evaluate(PAGE_CLOCK);
      const peak = { heap: 0, renderer: 0 };
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
          peak.heap = Math.max(peak.heap, usage.usedSize + (usage.backingStorageSize ?? 0));
          peak.renderer = Math.max(peak.renderer, rendererPss());
          await new Promise((ok) => setTimeout(ok, 50));
        }
      })();
      await page.getByRole('button', { name: 'Compute perfusion' }).click();
      await page.evaluate('window.__benchClock.drawn');
      sampling = false;
      await sampler;
      const clock = (await page.evaluate('({ ...window.__benchClock, drawn: undefined })')) as { click: number; cbf: number };
      const m = /read ([\d.]+) s, maps ([\d.]+) s/.exec(await page.getByLabel('Perfusion summary').innerText());
      runs.push({ click: (clock.cbf - clock.click) / 1000, read: Number(m?.[1]), maps: Number(m?.[2]), heapMb: peak.heap / MB, rendererMb: peak.renderer / MB });
      await session.close();
    }
  } finally {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  }
  console.log(`demo day-14 CTP ${ref.voxels}: Compute perfusion → CBF on screen, headless Chromium, ${RUNS} runs`);
  runs.forEach((x, i) =>
    console.log(`  run ${i + 1}: click → CBF drawn ${x.click.toFixed(2)} s (read ${x.read.toFixed(2)} s, maps ${x.maps.toFixed(2)} s) · JS heap+buffers ${x.heapMb.toFixed(0)} MB · renderer PSS ${x.rendererMb.toFixed(0)} MB`),
  );
  const maps = median(runs.map((x) => x.maps));
  console.log(`  reference: single-thread perfusionMaps in Node on the same series ${ref.seconds.toFixed(2)} s`);
  console.log(`  app maps (worker pool) / reference: ${(maps / ref.seconds).toFixed(2)}× · median click → CBF drawn ${median(runs.map((x) => x.click)).toFixed(2)} s`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
