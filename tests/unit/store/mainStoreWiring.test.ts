import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../electron/store/sqliteStore';
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
const appListeners = new Map<string, () => void>();
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
    on: (name: string, listener: () => void) => void appListeners.set(name, listener),
    quit: () => undefined,
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
  it('opens userData/measurements.sqlite, saves and lists through store:* for our window, refuses others, closes on quit', async () => {
    const roi = ellipseRoi('roi-main');
    const save = ipcListeners.get('store:saveRoi')!;
    expect(await save(ours, { key: dwiKey, roi, reader: 'Dr A' })).toMatchObject({ ok: true, value: { roi, createdBy: 'Dr A' } });
    expect(await save({ ...ours, sender: { id: 7 } }, { key: dwiKey, roi, reader: 'Dr A' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(await ipcListeners.get('store:listRois')!(ours, { scope: dwiKey })).toMatchObject({ ok: true, value: [{ roi }] });
    expect(await ipcListeners.get('store:history')!(ours, { id: 'roi-main' })).toMatchObject({ ok: true, value: [{ action: 'create', reader: 'Dr A' }] });
    expect(existsSync(join(userData, 'measurements.sqlite'))).toBe(true);

    appListeners.get('will-quit')!();
    const reopened = await openSqliteStore(join(userData, 'measurements.sqlite'));
    expect((await reopened.listRois(dwiKey)).map((s) => s.roi)).toEqual([roi]);
    await reopened.close();
  });
});
