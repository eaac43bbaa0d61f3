#!/usr/bin/env node
/**
 * `npm run cli -- <verb> ...`: runs the bundled command-line tool (scripts/build-cli.mjs),
 * rebuilding it first when it is missing or any of its source files changed since it was built.
 * The check is one stat per bundled source file (a few ms); esbuild is loaded only to rebuild.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(repoRoot, 'node_modules/.dti-cli/main.mjs');
const inputs = join(repoRoot, 'node_modules/.dti-cli/inputs.json');

function stale() {
  try {
    const built = statSync(bundle).mtimeMs;
    const sources = JSON.parse(readFileSync(inputs, 'utf8'));
    return [fileURLToPath(import.meta.url), join(repoRoot, 'scripts/build-cli.mjs'), ...sources.map((f) => join(repoRoot, f))].some(
      (f) => statSync(f).mtimeMs > built,
    );
  } catch {
    return true; // no bundle yet, or a source file was removed
  }
}

if (stale()) await (await import('./build-cli.mjs')).buildCli();
await import(pathToFileURL(bundle).href);
