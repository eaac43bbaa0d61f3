/**
 * Bundles the command-line tool with esbuild so `npm run cli` starts in plain Node (no tsx
 * transpiling ~100 modules per run, no esbuild call for the DTI worker threads at first fit):
 *   src/workers/nodeDtiThread.ts → CommonJS text, inlined into the CLI as __DTI_THREAD_SCRIPT__
 *   src/cli/main.ts              → node_modules/.cache/dti-cli.mjs (ESM, npm packages inlined too: one file
 *                                  to load instead of resolving and reading each package's modules)
 * The bundle sits two folders below the repository root, like src/cli/*.ts, so the CLI's
 * `new URL('../../package.json', import.meta.url)` still finds package.json. A list of the bundled
 * source files goes beside it: scripts/cli.mjs rebuilds when any is newer than the bundle.
 *
 * Usage: node scripts/build-cli.mjs   (or imported: buildCli())
 */
import { build } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cliBundle = join(repoRoot, 'node_modules/.cache/dti-cli.mjs');
export const cliInputs = join(repoRoot, 'node_modules/.cache/dti-cli.inputs.json');

const common = { bundle: true, platform: 'node', target: 'node20', write: false, metafile: true, logLevel: 'warning', absWorkingDir: repoRoot };

/** Writes `text` to `file` through a temporary name, so a concurrent `npm run cli` never loads half a file. */
function writeAtomic(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export async function buildCli() {
  const thread = await build({ ...common, entryPoints: ['src/workers/nodeDtiThread.ts'], format: 'cjs' });
  const cli = await build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    format: 'esm',
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
    define: { __DTI_THREAD_SCRIPT__: JSON.stringify(thread.outputFiles[0].text) },
  });
  mkdirSync(dirname(cliBundle), { recursive: true });
  writeAtomic(cliBundle, cli.outputFiles[0].text);
  const inputs = [...new Set([...Object.keys(thread.metafile.inputs), ...Object.keys(cli.metafile.inputs)])].sort();
  writeAtomic(cliInputs, `${JSON.stringify(inputs)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildCli();
  process.stdout.write(`built ${cliBundle}\n`);
}
