import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const bundles = new Map<string, Promise<string>>();

/**
 * The CommonJS text of a worker_threads entry under src/ (`entry` relative to src/, e.g.
 * 'node/indexThread.ts'), for `new Worker(text, { eval: true })`: TypeScript cannot be loaded by a
 * bare Worker, and tsx / vitest loaders do not reach worker threads. `prebuilt`: the text a bundler
 * inlined (the CLI and Electron builds, esbuild `define`); otherwise the entry is bundled with
 * esbuild once per process (esbuild loaded only then).
 */
export function threadScript(entry: string, prebuilt: string | undefined): Promise<string> {
  if (typeof prebuilt === 'string') return Promise.resolve(prebuilt);
  let bundle = bundles.get(entry);
  if (!bundle) {
    bundle = import('esbuild')
      .then(({ build }) =>
        build({
          entryPoints: [resolve(dirname(fileURLToPath(import.meta.url)), '..', entry)],
          bundle: true,
          format: 'cjs',
          platform: 'node',
          target: 'node20',
          write: false,
          logLevel: 'silent',
        }),
      )
      .then((r) => r.outputFiles[0].text);
    bundles.set(entry, bundle);
  }
  return bundle;
}
