/**
 * Bundles the command-line tool with esbuild so `npm run cli` starts in plain Node (no tsx
 * transpiling ~100 modules per run, no esbuild call for the DTI worker threads at first fit):
 *   src/workers/nodeDtiThread.ts → CommonJS text, inlined into the CLI as __DTI_THREAD_SCRIPT__
 *   src/node/indexThread.ts      → CommonJS text, inlined as __INDEX_THREAD_SCRIPT__ (folder indexing threads)
 *   src/workers/nodePerfusionThread.ts → likewise, as __PERFUSION_THREAD_SCRIPT__
 *   src/cli/main.ts              → node_modules/.dti-cli/main.mjs + chunks (ESM, code-split so each verb
 *                                  loads only its own modules; npm packages inlined too rather than
 *                                  resolved and read module by module at every start)
 * The bundle sits two folders below the repository root, like src/cli/*.ts, so the CLI's
 * `new URL('../../package.json', import.meta.url)` still finds package.json. A list of the bundled
 * source files goes beside it: scripts/cli.mjs rebuilds when any is newer than the bundle.
 *
 * Usage: node scripts/build-cli.mjs   (or imported: buildCli())
 */
import { build } from 'esbuild';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cliDir = join(repoRoot, 'node_modules/.dti-cli');
export const cliBundle = join(cliDir, 'main.mjs');
export const cliInputs = join(cliDir, 'inputs.json');

const common = { bundle: true, platform: 'node', target: 'node20', write: false, metafile: true, logLevel: 'warning', absWorkingDir: repoRoot };

/** Writes `text` to `file` through a temporary name, so a concurrent `npm run cli` never loads half a file. */
function writeAtomic(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}


export async function buildCli() {
  const thread = await build({ ...common, entryPoints: ['src/workers/nodeDtiThread.ts'], format: 'cjs' });
  const indexThread = await build({ ...common, entryPoints: ['src/node/indexThread.ts'], format: 'cjs' });
  const perfusionThread = await build({ ...common, entryPoints: ['src/workers/nodePerfusionThread.ts'], format: 'cjs' });
  const cli = await build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    format: 'esm',
    splitting: true,
    outdir: cliDir,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
    // Native or wasm-locating packages load from node_modules as usual; esbuild only from source.
    external: ['better-sqlite3', '@cornerstonejs/*', 'esbuild'],
    // Inlined CommonJS packages require Node built-ins: give the ES module a require (and the
    // __filename write-file-atomic salts its temporary names with).
    banner: {
      js: [
        "import { createRequire as __cliCreateRequire } from 'node:module';",
        'const require = __cliCreateRequire(import.meta.url);',
        "const __filename = new URL(import.meta.url).pathname;",
      ].join(' '),
    },
    define: {
      __DTI_THREAD_SCRIPT__: JSON.stringify(thread.outputFiles[0].text),
      __INDEX_THREAD_SCRIPT__: JSON.stringify(indexThread.outputFiles[0].text),
      __PERFUSION_THREAD_SCRIPT__: JSON.stringify(perfusionThread.outputFiles[0].text),
    },
  });
  mkdirSync(cliDir, { recursive: true });
  // Chunks first (content-hashed names), the entry last: a concurrent run sees old or new, whole.
  const entry = cli.outputFiles.find((f) => f.path === cliBundle);
  for (const f of cli.outputFiles) if (f !== entry) writeAtomic(f.path, f.text);
  writeAtomic(cliBundle, entry.text);
  const current = new Set(cli.outputFiles.map((f) => basename(f.path)));
  for (const name of readdirSync(cliDir)) if (name.startsWith('chunk-') && !current.has(name)) rmSync(join(cliDir, name), { force: true });
  const inputs = [...new Set([thread, indexThread, perfusionThread, cli].flatMap((b) => Object.keys(b.metafile.inputs)))].sort();
  writeAtomic(cliInputs, `${JSON.stringify(inputs)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildCli();
  process.stdout.write(`built ${cliBundle}\n`);
}
