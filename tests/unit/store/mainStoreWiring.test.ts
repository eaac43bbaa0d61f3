import { execFileSync } from 'node:child_process';
import BetterSqlite3 from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../electron/store/sqliteStore';
import type { StoreStatus } from '../../../src/core/store/storeStatus';
import { repoRoot } from '../../helpers/sharedData';
import { dwiKey, ellipseRoi } from './fixtures';

/**
 * The built dist-electron/main.cjs against a fake 'electron' (Electron cannot launch here), with
 * better-sqlite3 resolved from the repository as it is in the packaged app: the store opens in
 * userData at startup and the store channels answer our window.
 */
const tmp = mkdtempSync(join(tmpdir(), 'dti-main-store-'));
const userData = join(tmp, 'userData');
const ipcListeners = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
const appListeners = new Map<string, (event: { preventDefault(): void }) => void>();
let quitCalls = 0;
let loadedUrl: string | undefined;
const WINDOW_ID = 42;
const ours = { sender: { id: WINDOW_ID }, senderFrame: { url: 'app://bundle/index.html', parent: null } };

const fakeElectron = {
  app: {
    getAppPath: () => repoRoot,
    getPath: (name: string) => (name === 'userData' ? userData : tmp),
    isPackaged: false,
    getName: () => 'DTI Trial Viewer',
    getVersion: () => '0.1.0',
    requestSingleInstanceLock: () => true,
    on: (name: string, listener: (event: { preventDefault(): void }) => void) => void appListeners.set(name, listener),
    quit: () => void quitCalls++,
    whenReady: () => Promise.resolve(),
  },
  protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
  session: {
    defaultSession: {
      setPermissionRequestHandler: () => undefined,
      setPermissionCheckHandler: () => undefined,
      webRequest: { onHeadersReceived: () => undefined },
    },
  },
  ipcMain: { handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<unknown>) => void ipcListeners.set(channel, listener) },
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => undefined },
  BrowserWindow: class {
    static getAllWindows = () => [];
    webContents = { id: WINDOW_ID, send: () => undefined };
    once() {}
    on() {}
    loadURL(url: string) {
      loadedUrl = url;
      return Promise.resolve();
    }
  },
  dialog: {},
  shell: { openExternal: () => undefined },
};

beforeAll(async () => {
  mkdirSync(userData);
  const outDir = join(tmp, 'dist-electron');
  execFileSync(process.execPath, [join(repoRoot, 'scripts/build-electron.mjs'), '--outdir', outDir], { cwd: repoRoot, stdio: 'pipe' });
  const bundlePath = join(outDir, 'main.cjs');
  const repoRequire = createRequire(join(repoRoot, 'package.json'));
  const fakeRequire = (name: string) => (name === 'electron' ? fakeElectron : repoRequire(name));
  const module = { exports: {} };
  new Function('require', 'module', 'exports', '__dirname', '__filename', readFileSync(bundlePath, 'utf8'))(fakeRequire, module, module.exports, outDir, bundlePath);
  for (let i = 0; i < 50 && loadedUrl === undefined; i++) await new Promise((r) => setTimeout(r, 10));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('main.cjs measurement store wiring', () => {
  it('opens userData/measurements.sqlite, saves and lists through store:* for our window, refuses others, backs up and closes on quit', async () => {
    const roi = ellipseRoi('roi-main');
    const save = ipcListeners.get('store:saveRoi')!;
    expect(await save(ours, { key: dwiKey, roi, reader: 'Dr A' })).toMatchObject({ ok: true, value: { roi, createdBy: 'Dr A' } });
    expect(await save({ ...ours, sender: { id: 7 } }, { key: dwiKey, roi, reader: 'Dr A' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(await ipcListeners.get('store:listRois')!(ours, { scope: dwiKey })).toMatchObject({ ok: true, value: [{ roi }] });
    expect(await ipcListeners.get('store:history')!(ours, { id: 'roi-main' })).toMatchObject({ ok: true, value: [{ action: 'create', reader: 'Dr A' }] });
    expect(existsSync(join(userData, 'measurements.sqlite'))).toBe(true);

    const status = (await ipcListeners.get('store:status')!(ours)) as { ok: true; value: StoreStatus };
    expect(status.value).toMatchObject({ location: join(userData, 'measurements.sqlite'), chain: { ok: true }, recovery: null, notices: [] });
    expect(status.value.backup).toMatch(/backups[\\/]measurements-.*\.sqlite$/);

    // Quitting is held (preventDefault) until the session's backup is written and the store closed, then quits again.
    let prevented = false;
    appListeners.get('will-quit')!({ preventDefault: () => void (prevented = true) });
    expect(prevented).toBe(true);
    for (let i = 0; i < 200 && quitCalls === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(quitCalls).toBe(1);
    const backups = readdirSync(join(userData, 'backups')).sort();
    expect(backups).toHaveLength(2);
    const lastBackup = new BetterSqlite3(join(userData, 'backups', backups[1]), { readonly: true });
    expect(lastBackup.prepare(`SELECT id FROM rois`).pluck().all()).toEqual(['roi-main']);
    lastBackup.close();
    const reopened = await openSqliteStore(join(userData, 'measurements.sqlite'));
    expect((await reopened.listRois(dwiKey)).map((s) => s.roi)).toEqual([roi]);
    await reopened.close();
  });
});
