import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/sharedData';
import { IpcChannel, IpcEvent } from '../../../src/shared/ipcContract';

const outDir = mkdtempSync(join(tmpdir(), 'dti-electron-build-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Module names a CommonJS bundle requires at runtime. */
function requiredModules(bundle: string): string[] {
  return [...new Set([...bundle.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]))].sort();
}

describe('scripts/build-electron.mjs', () => {
  execFileSync(process.execPath, [join(repoRoot, 'scripts/build-electron.mjs'), '--outdir', outDir], { cwd: repoRoot, stdio: 'pipe' });

  it('produces main.cjs and preload.cjs', () => {
    expect(existsSync(join(outDir, 'main.cjs'))).toBe(true);
    expect(existsSync(join(outDir, 'preload.cjs'))).toBe(true);
  });

  it('the sandboxed preload requires nothing but electron and exposes only dtiApi', () => {
    const preload = readFileSync(join(outDir, 'preload.cjs'), 'utf8');
    expect(requiredModules(preload)).toEqual(['electron']);
    expect([...preload.matchAll(/exposeInMainWorld\(\s*"([^"]+)"/g)].map((m) => m[1])).toEqual(['dtiApi']);
    // No generic pass-through: every invoke names a literal contract channel.
    expect(preload).not.toMatch(/ipcRenderer\.(send|sendSync|invoke)\(\s*[a-z_]+\s*[,)]/i);
  });

  it('main.cjs keeps electron and the native better-sqlite3 external and bundles the rest', () => {
    const required = requiredModules(readFileSync(join(outDir, 'main.cjs'), 'utf8'));
    expect(required).toContain('electron');
    expect(required).not.toContain('zod');
    expect(required).not.toContain('write-file-atomic');
  });

  it('the built preload maps each dtiApi method to its own contract channel (run against a fake electron)', async () => {
    const invoked: unknown[][] = [];
    const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
    let exposed: Record<string, (...a: unknown[]) => unknown> = {};
    const fakeElectron = {
      ipcRenderer: {
        invoke: async (...args: unknown[]) => void invoked.push(args),
        on: (ch: string, l: (...a: unknown[]) => void) => void (listeners.get(ch) ?? listeners.set(ch, new Set()).get(ch)!).add(l),
        removeListener: (ch: string, l: (...a: unknown[]) => void) => void listeners.get(ch)?.delete(l),
      },
      contextBridge: {
        exposeInMainWorld: (key: string, api: typeof exposed) => {
          expect(key).toBe('dtiApi');
          exposed = api;
        },
      },
    };
    const code = readFileSync(join(outDir, 'preload.cjs'), 'utf8');
    const fakeRequire = (name: string) => {
      if (name !== 'electron') throw new Error(`preload required ${name}`);
      return fakeElectron;
    };
    new Function('require', 'module', 'exports', code)(fakeRequire, { exports: {} }, {});

    expect(Object.keys(exposed).sort()).toEqual([...Object.keys(IpcChannel), 'onMenuCommand', 'onIndexProgress'].sort());
    for (const [method, channel] of Object.entries(IpcChannel)) {
      invoked.length = 0;
      await exposed[method]({ probe: method });
      expect(invoked[0][0]).toBe(channel);
    }
    const seen: unknown[] = [];
    const unsubscribe = exposed.onMenuCommand((c: unknown) => seen.push(c)) as () => void;
    for (const l of listeners.get(IpcEvent.menuCommand)!) l({ sender: 'secret' }, { kind: 'open-demo' });
    expect(seen).toEqual([{ kind: 'open-demo' }]);
    unsubscribe();
    expect(listeners.get(IpcEvent.menuCommand)!.size).toBe(0);
    const progress: unknown[] = [];
    const stop = exposed.onIndexProgress((p: unknown) => progress.push(p)) as () => void;
    for (const l of listeners.get(IpcEvent.indexProgress)!) l({ sender: 'secret' }, { folderId: 'f', done: 1, total: 2 });
    expect(progress).toEqual([{ folderId: 'f', done: 1, total: 2 }]);
    stop();
    expect(listeners.get(IpcEvent.indexProgress)!.size).toBe(0);
  });
});
