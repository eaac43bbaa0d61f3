import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES } from '../../../electron/protocol/appScheme';
import { secureWebPreferences } from '../../../electron/security/windowOptions';
import { IpcChannel } from '../../../src/shared/ipcContract';
import { indexFolder } from '../../../src/cli/indexFolder';
import { hasSharedDicom, repoRoot, sharedSeriesDir } from '../../helpers/sharedData';

/**
 * Runs the built dist-electron/main.cjs against a recording fake of the 'electron' module
 * (Electron itself cannot be launched here), to check the wiring of main.cts in order.
 */
const tmp = mkdtempSync(join(tmpdir(), 'dti-main-'));
const calls: { name: string; args: unknown[] }[] = [];
const ipcListeners = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
let windowOptions: { webPreferences?: unknown } | undefined;
let loadedUrl: string | undefined;
const WINDOW_ID = 42;
const saveDialogOptions: unknown[] = [];
let saveDialogAnswer: { canceled: boolean; filePath?: string } = { canceled: true };
let openDialogPath: string | null = null;

function record(name: string) {
  return (...args: unknown[]) => void calls.push({ name, args });
}

const fakeElectron = {
  app: {
    getAppPath: () => repoRoot,
    getPath: () => tmp,
    isPackaged: false,
    getName: () => 'DTI Trial Viewer',
    getVersion: () => '0.1.0',
    requestSingleInstanceLock: () => true,
    on: record('app.on'),
    quit: record('app.quit'),
    whenReady: () => {
      calls.push({ name: 'app.whenReady', args: [] });
      return Promise.resolve();
    },
  },
  protocol: { registerSchemesAsPrivileged: record('protocol.registerSchemesAsPrivileged'), handle: record('protocol.handle') },
  session: {
    defaultSession: {
      setPermissionRequestHandler: record('session.setPermissionRequestHandler'),
      setPermissionCheckHandler: record('session.setPermissionCheckHandler'),
      webRequest: { onHeadersReceived: record('session.onHeadersReceived') },
    },
  },
  ipcMain: { handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<unknown>) => void ipcListeners.set(channel, listener) },
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: record('Menu.setApplicationMenu') },
  BrowserWindow: class {
    static getAllWindows = () => [];
    webContents = { id: WINDOW_ID, send: record('webContents.send') };
    constructor(options: { webPreferences?: unknown }) {
      windowOptions = options;
    }
    once() {}
    on() {}
    loadURL(url: string) {
      loadedUrl = url;
      return Promise.resolve();
    }
  },
  dialog: {
    showOpenDialog: async () => ({ canceled: openDialogPath === null, filePaths: openDialogPath === null ? [] : [openDialogPath] }),
    // (window, options) with a parent window, as main calls it; (options) without.
    showSaveDialog: async (...args: unknown[]) => {
      saveDialogOptions.push(args.at(-1));
      return saveDialogAnswer;
    },
  },
  shell: { openExternal: record('shell.openExternal') },
};

beforeAll(async () => {
  const outDir = join(tmp, 'dist-electron');
  execFileSync(process.execPath, [join(repoRoot, 'scripts/build-electron.mjs'), '--outdir', outDir], { cwd: repoRoot, stdio: 'pipe' });
  const bundlePath = join(outDir, 'main.cjs');
  const realRequire = createRequire(bundlePath);
  const fakeRequire = (name: string) => (name === 'electron' ? fakeElectron : realRequire(name));
  const module = { exports: {} };
  new Function('require', 'module', 'exports', '__dirname', '__filename', readFileSync(bundlePath, 'utf8'))(
    fakeRequire,
    module,
    module.exports,
    outDir,
    bundlePath,
  );
  // Let the whenReady continuation (recent list load, registration, window) finish.
  for (let i = 0; i < 50 && loadedUrl === undefined; i++) await new Promise((r) => setTimeout(r, 10));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('main.cjs wiring (fake electron)', () => {
  it('registers app:// as privileged before waiting for ready', () => {
    const names = calls.map((c) => c.name);
    const register = calls.find((c) => c.name === 'protocol.registerSchemesAsPrivileged')!;
    expect(register.args[0]).toEqual([{ scheme: 'app', privileges: { ...APP_SCHEME_PRIVILEGES } }]);
    expect(names.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(names.indexOf('app.whenReady'));
  });

  it('hardens the session, serves app:// and hardens every new webContents', () => {
    const names = calls.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['session.setPermissionRequestHandler', 'session.setPermissionCheckHandler', 'session.onHeadersReceived']));
    expect(calls.find((c) => c.name === 'protocol.handle')!.args[0]).toBe('app');
    expect(calls.filter((c) => c.name === 'app.on').map((c) => c.args[0])).toContain('web-contents-created');
  });

  it('opens the window with the secure preferences and the bundled preload, on app://bundle/index.html', () => {
    expect(windowOptions?.webPreferences).toEqual(secureWebPreferences(join(tmp, 'dist-electron', 'preload.cjs')));
    expect(loadedUrl).toBe('app://bundle/index.html');
  });

  it('handles every contract channel, answering our window and refusing others', async () => {
    expect([...ipcListeners.keys()].sort()).toEqual(Object.values(IpcChannel).sort());
    const info = ipcListeners.get('app:info')!;
    const ours = { sender: { id: WINDOW_ID }, senderFrame: { url: 'app://bundle/index.html', parent: null } };
    expect(await info(ours)).toMatchObject({ ok: true, value: { name: 'DTI Trial Viewer', version: '0.1.0' } });
    expect(await info({ ...ours, sender: { id: 7 } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });

  it('installs the application menu', () => {
    expect(calls.some((c) => c.name === 'Menu.setApplicationMenu')).toBe(true);
  });

  /** The listener main.cjs registered for 'web-contents-created', run on a recording fake webContents. */
  function createdContents() {
    const listener = calls.find((c) => c.name === 'app.on' && c.args[0] === 'web-contents-created')!.args[1] as (event: unknown, contents: unknown) => void;
    const emitter = new EventEmitter();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    listener({}, { on: (name: string, l: (...a: unknown[]) => void) => emitter.on(name, l), setWindowOpenHandler: (h: typeof openHandler) => void (openHandler = h) });
    return { emitter, openHandler };
  }

  it.each(['will-navigate', 'will-redirect', 'will-attach-webview'])('every new webContents has %s prevented (hardenWebContents wired)', (name) => {
    const { emitter } = createdContents();
    let prevented = 0;
    emitter.emit(name, { preventDefault: () => prevented++ }, 'https://evil.example/');
    expect(prevented).toBe(1);
  });

  it('every new webContents denies new windows; only allow-listed https URLs reach shell.openExternal (main’s gate)', () => {
    const { openHandler } = createdContents();
    expect(openHandler).toBeDefined();
    const before = calls.filter((c) => c.name === 'shell.openExternal').length;
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'http://github.com/', 'javascript:alert(1)', 'https://github.com/x']) {
      expect(openHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(calls.filter((c) => c.name === 'shell.openExternal').slice(before).map((c) => c.args[0])).toEqual(['https://github.com/x']);
  });

  it('export:save asks the save panel to confirm replacing, and replaces only the file it confirmed', async () => {
    const save = ipcListeners.get('export:save')!;
    const ours = { sender: { id: WINDOW_ID }, senderFrame: { url: 'app://bundle/index.html', parent: null } };
    const target = join(tmp, 'trial_long.csv');
    writeFileSync(target, 'old');
    saveDialogAnswer = { canceled: false, filePath: target };
    expect(await save(ours, { suggestedName: 'trial_long.csv', data: 'new' })).toEqual({ ok: true, value: { saved: true, path: target } });
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(saveDialogOptions.at(-1)).toMatchObject({ defaultPath: join(tmp, 'trial_long.csv'), properties: expect.arrayContaining(['showOverwriteConfirmation']) });
    saveDialogAnswer = { canceled: true };
    expect(await save(ours, { suggestedName: 'trial_long.csv', data: 'newer' })).toEqual({ ok: true, value: { saved: false, reason: 'cancelled' } });
    expect(readFileSync(target, 'utf8')).toBe('new');
  });

  it.skipIf(!hasSharedDicom)('folder:index runs the bundled index thread script: the index of a real series as the CLI makes it, progress to the window', async () => {
    const ours = { sender: { id: WINDOW_ID, send: record('webContents.send') }, senderFrame: { url: 'app://bundle/index.html', parent: null } };
    const folder = join(sharedSeriesDir('philips_701_DTI_Biobank_cl'), 'dicom');
    openDialogPath = folder;
    const opened = (await ipcListeners.get('folder:open')!(ours)) as { ok: true; value: { folderId: string; files: unknown[] } };
    const before = calls.length;
    const indexed = (await ipcListeners.get('folder:index')!(ours, { folderId: opened.value.folderId })) as { ok: boolean; value: unknown };
    expect(indexed.ok).toBe(true);
    expect(indexed.value).toEqual((await indexFolder(folder)).index);
    const progress = calls.slice(before).filter((c) => c.name === 'webContents.send' && c.args[0] === 'folder:indexProgress');
    expect(progress.at(-1)?.args[1]).toMatchObject({ folderId: opened.value.folderId, done: opened.value.files.length, total: opened.value.files.length });
  }, 60_000);
});
