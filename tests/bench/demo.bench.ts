/**
 * `npx tsx tests/bench/demo.bench.ts`: the web build's "Open demo", click → the demo's series
 * listed (downloaded and indexed), in headless Chromium. As references in the same run, the time Chromium takes
 * to fetch the demo's pack alone (`demo/study.bin`) from the same server, and to fetch its files one by
 * one, 16 at a time (how the web build fetched the demo before the pack). 3 runs, each in a fresh
 * browser profile; prints every run and the medians. Asserts nothing. Builds the web app into a
 * temporary folder first, so a concurrent `dist/` rebuild cannot disturb it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/sharedData';

const RUNS = 3;

async function main(): Promise<void> {
  if (!existsSync(join(repoRoot, 'assets/demo/manifest.json'))) {
    console.log('no demo study: run `npm run demo` first');
    return;
  }
  const out = mkdtempSync(join(tmpdir(), 'dti-demo-bench-'));
  const build = spawnSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir'], { cwd: repoRoot, stdio: 'ignore' });
  if (build.status !== 0) throw new Error('vite build failed');
  process.env.E2E_DIST = out;
  const { openApp, serveDist } = await import('../e2e/harness');
  const server = await serveDist();
  const runs: { fetch: number; perFile: number; listed: number; reindexed: number }[] = [];
  try {
    for (let r = 0; r < RUNS; r++) {
      const session = await openApp(server.url);
      const { page } = session;
      await page.getByRole('button', { name: 'Open demo' }).waitFor();
      // The reference: the pack alone, fetched by the page (a warm server, a cold browser cache).
      const fetchMs = (await page.evaluate(
        'fetch("demo/study.bin", { cache: "no-store" }).then(async (r) => { const t = performance.now(); await r.arrayBuffer(); return performance.now() - t; })',
      )) as number;
      const perFileMs = (await page.evaluate(`(async () => {
        const files = (await (await fetch('demo/manifest.json')).json()).files.map((f) => f.path);
        const t = performance.now();
        let next = 0;
        const one = async () => { while (next < files.length) { const i = next++; await (await fetch('demo/' + files[i], { cache: 'no-store' })).blob(); } };
        await Promise.all(Array.from({ length: 16 }, one));
        return performance.now() - t;
      })()`)) as number;
      const t0 = Date.now();
      await page.getByRole('button', { name: 'Open demo' }).click();
      await page.getByRole('treeitem', { name: /^Series / }).first().waitFor({ timeout: 120_000 });
      const listed = (Date.now() - t0) / 1000;
      // The same page without the shipped index (as an older build): the demo indexed by the index workers.
      await page.route('**/demo/index.json', (route) => route.abort());
      await page.reload();
      await page.getByRole('button', { name: 'Open demo' }).waitFor();
      const t1 = Date.now();
      await page.getByRole('button', { name: 'Open demo' }).click();
      await page.getByRole('treeitem', { name: /^Series / }).first().waitFor({ timeout: 120_000 });
      const reindexed = (Date.now() - t1) / 1000;
      runs.push({ fetch: fetchMs / 1000, perFile: perFileMs / 1000, listed, reindexed });
      console.log(`  run ${r + 1}: series listed ${listed.toFixed(2)} s (without the shipped index ${reindexed.toFixed(2)} s) · the pack alone ${(fetchMs / 1000).toFixed(2)} s · its files one by one ${(perFileMs / 1000).toFixed(2)} s`);
      await session.close();
    }
  } finally {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  }
  const median = (k: 'fetch' | 'perFile' | 'listed' | 'reindexed') => [...runs.map((x) => x[k])].sort((a, b) => a - b)[RUNS >> 1];
  console.log(`demo: Open demo → series listed, median ${median('listed').toFixed(2)} s (without the shipped index, indexed in the page: ${median('reindexed').toFixed(2)} s; the pack alone ${median('fetch').toFixed(2)} s; its files one by one ${median('perFile').toFixed(2)} s) · goal ≤ 3 s`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
