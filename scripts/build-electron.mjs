/**
 * Bundles the Electron entry points with esbuild:
 *   electron/main.cts    → dist-electron/main.cjs    (Node, CommonJS; electron + native modules external)
 *   electron/preload.cts → dist-electron/preload.cjs (sandboxed: everything inlined, only 'electron' required)
 * Then verifies the preload bundle requires nothing but 'electron', since a sandboxed preload
 * cannot load anything else and would fail only at runtime.
 *
 * Usage: node scripts/build-electron.mjs [--outdir DIR]   (DIR defaults to dist-electron/)
 */
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdirFlag = process.argv.indexOf('--outdir');
const outDir = outdirFlag >= 0 ? resolve(process.argv[outdirFlag + 1]) : join(repoRoot, 'dist-electron');

/** Electron 45 ships Node 22. */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: repoRoot,
};

// The folder indexer's worker thread (src/node/indexThread.ts), inlined into main as text: threads
// are started with `eval`, so no second file has to be found inside the packaged app.
const indexThread = await build({ ...common, sourcemap: false, write: false, entryPoints: [join(repoRoot, 'src/node/indexThread.ts')] });

await build({
  ...common,
  entryPoints: [join(repoRoot, 'electron/main.cts')],
  outfile: join(outDir, 'main.cjs'),
  // esbuild is only the from-source fallback of src/node/threadScript.ts, never reached here (the
  // script is defined), as is its import.meta.url (which CommonJS lacks).
  external: ['electron', 'better-sqlite3', 'esbuild'],
  define: { __INDEX_THREAD_SCRIPT__: JSON.stringify(indexThread.outputFiles[0].text), 'import.meta.url': JSON.stringify('file:///') },
});

await build({
  ...common,
  entryPoints: [join(repoRoot, 'electron/preload.cts')],
  outfile: join(outDir, 'preload.cjs'),
  external: ['electron'],
});

const preload = await readFile(join(outDir, 'preload.cjs'), 'utf8');
const required = [...preload.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
const forbidden = required.filter((name) => name !== 'electron');
if (forbidden.length > 0) {
  process.stderr.write(`preload.cjs requires ${forbidden.join(', ')}: a sandboxed preload may only require 'electron'\n`);
  process.exit(1);
}
process.stdout.write(`built ${join(outDir, 'main.cjs')} and ${join(outDir, 'preload.cjs')}\n`);
