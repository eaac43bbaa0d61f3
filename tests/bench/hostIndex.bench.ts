/**
 * Desktop vs web indexing of every diffusion series of ../shared/dicom
 * (`npx tsx tests/bench/hostIndex.bench.ts [repeats]`, default 3): prints, asserts nothing.
 *  - desktop: the Electron main process's real handlers under Node (Electron cannot be launched
 *    here): `folder:open` (listing) then `folder:index` (src/node/folderIndexer.ts on worker
 *    threads, prestarted as main.cts does at start-up), called through the real IPC registry
 *    (sender gate, zod validation); the page then makes one call instead of one per file;
 *  - web: the built app in headless Chromium, folder input set → the first series row in the DOM
 *    (index workers over the picked Files), timestamped inside the page as ui.bench.ts does;
 *  - the desktop before this change, for scale: one `file:read` IPC per header read, replayed
 *    through the same registry on one thread (what the renderer's main-thread indexFiles asked of main),
 *    without Electron's own per-message cost, so a lower bound of that path.
 * Interleaved runs, medians. Other jobs share this machine's cores: compare within one run only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { OpenedFolders } from '../../electron/fs/openedFolders';
import { createHandlers } from '../../electron/ipc/handlers';
import { createIpcRegistry, type IpcHandlers } from '../../electron/ipc/ipcRegistry';
import { RecentFolders } from '../../electron/recent/recentFolders';
import { fittableSeries } from '../../src/cli/fit';
import { indexFolder } from '../../src/cli/indexFolder';
import { indexFiles } from '../../src/core/dicom/indexFiles';
import type { FileSource } from '../../src/core/io/FileSource';
import { prestartIndexThreads } from '../../src/node/folderIndexer';
import type { FolderListing, IpcResult } from '../../src/shared/ipcContract';
import { hasSharedDicom, repoRoot, sharedDicomSkipMessage, sharedSeriesDir, sharedSeriesIds } from '../helpers/sharedData';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const PAGE_CLOCK = `(() => {
  const clock = (window.__benchClock = {});
  new MutationObserver(() => {
    if (!clock.listed && document.querySelector('[role=treeitem][aria-label^="Series"]')) clock.listed = performance.timeOrigin + performance.now();
  }).observe(document.body, { subtree: true, childList: true, attributes: true });
})()`;

async function main(): Promise<void> {
  if (!hasSharedDicom) {
    console.log(sharedDicomSkipMessage);
    return;
  }
  const repeats = Number(process.argv[2] ?? 3);
  const ids: string[] = [];
  for (const id of sharedSeriesIds()) if (fittableSeries((await indexFolder(join(sharedSeriesDir(id), 'dicom'))).index).length === 1) ids.push(id);

  const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'host-index-bench-')));
  let chosen = '';
  const handlers = createHandlers({
    folders: new OpenedFolders(),
    recent: new RecentFolders(join(tmp, 'recent.json')),
    demoRoot: join(tmp, 'no-demo'),
    chooseFolder: async () => chosen,
    chooseSaveTarget: async () => null,
    appInfo: () => ({ name: 'bench', version: '0', platform: 'linux', arch: 'x64', versions: { electron: '', chrome: '', node: '' } }),
    launch: { kind: 'demo' },
  });
  const registry = createIpcRegistry({ handlers: handlers as IpcHandlers, isTrustedSender: () => true });
  const event = { sender: { id: 1, send: () => undefined }, senderFrame: null };
  const call = async <T,>(channel: string, args?: unknown): Promise<T> => {
    const r = (await registry.dispatch(channel as never, event, args === undefined ? [] : [args])) as IpcResult<T>;
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value;
  };
  await prestartIndexThreads();

  const desktop = async (folder: string): Promise<number> => {
    chosen = folder;
    const t0 = performance.now();
    const listing = await call<FolderListing>('folder:open');
    await call('folder:index', { folderId: listing.folderId });
    return (performance.now() - t0) / 1000;
  };
  const perFileIpc = async (folder: string): Promise<number> => {
    chosen = folder;
    const t0 = performance.now();
    const listing = await call<FolderListing>('folder:open');
    const files: FileSource[] = listing.files.map((f) => ({
      path: f.path,
      size: f.size,
      read: (start = 0, end = f.size) => call<Uint8Array>('file:read', { folderId: listing.folderId, path: f.path, start, end }),
    }));
    await indexFiles(files);
    return (performance.now() - t0) / 1000;
  };

  const out = mkdtempSync(join(tmpdir(), 'host-index-web-'));
  const build = spawnSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir'], { cwd: repoRoot, stdio: 'ignore' });
  if (build.status !== 0) throw new Error('vite build failed');
  process.env.E2E_DIST = out;
  const { openApp, serveDist } = await import('../e2e/harness');
  const server = await serveDist();
  const session = await openApp(server.url);
  const web = async (folder: string): Promise<number> => {
    const { page } = session;
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Open demo' }).waitFor();
    await page.evaluate(PAGE_CLOCK);
    const t0 = performance.timeOrigin + performance.now();
    await page.getByLabel('Folder input').setInputFiles(folder);
    await page.getByRole('treeitem', { name: /^Series/ }).first().waitFor({ timeout: 300_000 });
    const listed = (await page.evaluate('window.__benchClock.listed')) as number;
    return (listed - t0) / 1000;
  };

  console.log(`${ids.length} diffusion series, ${repeats} interleaved runs, ${availableParallelism()} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log('seconds, medians: folder chosen → index ready');
  console.log(`${'series'.padEnd(40)} ${'files'.padStart(5)} ${'desktop'.padStart(8)} ${'web'.padStart(6)} ${'per-file IPC'.padStart(13)}`);
  const sums = { desktop: 0, web: 0, ipc: 0 };
  try {
    for (const id of ids) {
      const folder = join(sharedSeriesDir(id), 'dicom');
      const d: number[] = [];
      const w: number[] = [];
      const p: number[] = [];
      for (let r = 0; r < repeats; r++) {
        d.push(await desktop(folder));
        w.push(await web(folder));
        p.push(await perFileIpc(folder));
      }
      chosen = folder;
      const files = (await call<FolderListing>('folder:open')).files.length;
      sums.desktop += median(d);
      sums.web += median(w);
      sums.ipc += median(p);
      console.log(`${id.padEnd(40)} ${String(files).padStart(5)} ${median(d).toFixed(3).padStart(8)} ${median(w).toFixed(3).padStart(6)} ${median(p).toFixed(3).padStart(13)}`);
    }
    console.log(`${'total'.padEnd(46)} ${sums.desktop.toFixed(3).padStart(8)} ${sums.web.toFixed(3).padStart(6)} ${sums.ipc.toFixed(3).padStart(13)}`);
    console.log(`desktop / web: ${(sums.desktop / sums.web).toFixed(2)}× · desktop / per-file IPC: ${(sums.desktop / sums.ipc).toFixed(2)}× (lower is faster)`);
  } finally {
    await session.close();
    await server.close();
    rmSync(out, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
