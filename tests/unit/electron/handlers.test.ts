import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenedFolders } from '../../../electron/fs/openedFolders';
import { createHandlers, type HandlerDeps } from '../../../electron/ipc/handlers';
import { IpcFailure } from '../../../electron/ipc/ipcFailure';
import type { LaunchRequest } from '../../../electron/launch/launchArgs';
import { RecentFolders, recentIdFor } from '../../../electron/recent/recentFolders';

/** tmp/dist/demo is the bundled demo; tmp/scans/p001 a user folder; tmp/out where exports go. */
let tmp: string;

beforeAll(() => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'dti-handlers-')));
  mkdirSync(join(tmp, 'dist', 'demo', 'series'), { recursive: true });
  writeFileSync(join(tmp, 'dist', 'demo', 'series', 'IM1'), new Uint8Array([1, 2, 3, 4]));
  writeFileSync(join(tmp, 'dist', 'demo', 'manifest.json'), JSON.stringify({ files: [{ path: 'series/IM1', size: 4 }] }));
  mkdirSync(join(tmp, 'scans', 'p001'), { recursive: true });
  writeFileSync(join(tmp, 'scans', 'p001', 'IM0001'), 'DICOMDATA');
  mkdirSync(join(tmp, 'out'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function deps(launch: LaunchRequest, overrides: Partial<HandlerDeps> = {}): HandlerDeps {
  return {
    folders: new OpenedFolders(),
    recent: new RecentFolders(join(tmp, `recent-${Math.random()}.json`)),
    demoRoot: join(tmp, 'dist', 'demo'),
    chooseFolder: async () => join(tmp, 'scans', 'p001'),
    chooseSaveTarget: async (name) => join(tmp, 'out', name),
    appInfo: () => ({ name: 'DTI Trial Viewer', version: '0.1.0', platform: 'linux', arch: 'x64', versions: { electron: '45.3.4', chrome: '1', node: '22' } }),
    launch,
    ...overrides,
  };
}

async function failureCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(IpcFailure);
  return (error as IpcFailure).code;
}

const noEvent = { sender: { id: 1 }, senderFrame: null };

describe('IPC handlers', () => {
  it('folder:open lists the chosen folder, serves its bytes by folderId and records it as recent', async () => {
    const d = deps({ kind: 'demo' });
    const h = createHandlers(d);
    const listing = await h['folder:open'](undefined, noEvent);
    expect(listing).toMatchObject({ name: 'p001', files: [{ path: 'IM0001', size: 9 }], unreadable: [] });
    const bytes = await h['file:read']({ folderId: listing!.folderId, path: 'IM0001', start: 0, end: 5 }, noEvent);
    expect(new TextDecoder().decode(bytes)).toBe('DICOM');
    expect(await h['recent:list'](undefined, noEvent)).toEqual([
      { id: recentIdFor(join(tmp, 'scans', 'p001')), name: 'p001', path: join(tmp, 'scans', 'p001') },
    ]);
  });

  it('folder:open returns null when the dialog is cancelled', async () => {
    const h = createHandlers(deps({ kind: 'demo' }, { chooseFolder: async () => null }));
    expect(await h['folder:open'](undefined, noEvent)).toBeNull();
  });

  it('file:read refuses an unknown folder id and paths escaping the folder', async () => {
    const h = createHandlers(deps({ kind: 'demo' }));
    expect(await failureCode(h['file:read']({ folderId: 'unknownid123', path: 'IM0001', start: 0, end: 1 }, noEvent))).toBe('NOT_FOUND');
    const listing = await h['folder:open'](undefined, noEvent);
    expect(await failureCode(h['file:read']({ folderId: listing!.folderId, path: '../p001/IM0001', start: 0, end: 1 }, noEvent))).toBe('OUTSIDE_FOLDER');
  });

  it('folder:openDemo serves the manifest files of dist/demo', async () => {
    const h = createHandlers(deps({ kind: 'demo' }));
    const demo = await h['folder:openDemo'](undefined, noEvent);
    expect(demo).toMatchObject({ name: 'Demo study', files: [{ path: 'series/IM1', size: 4 }], unreadable: [] });
    expect([...(await h['file:read']({ folderId: demo.folderId, path: 'series/IM1', start: 1, end: 3 }, noEvent))]).toEqual([2, 3]);
  });

  it('export:save writes outside, and refuses into any opened folder (the demo included)', async () => {
    let target = join(tmp, 'out', 'result.csv');
    const h = createHandlers(deps({ kind: 'demo' }, { chooseSaveTarget: async () => target }));
    await h['folder:open'](undefined, noEvent);
    await h['folder:openDemo'](undefined, noEvent);
    expect(await h['export:save']({ suggestedName: 'result.csv', data: 'a,b\n' }, noEvent)).toEqual({ saved: true, path: target });
    expect(readFileSync(target, 'utf8')).toBe('a,b\n');
    target = join(tmp, 'scans', 'p001', 'result.csv');
    expect(await h['export:save']({ suggestedName: 'result.csv', data: 'x' }, noEvent)).toMatchObject({ saved: false });
    target = join(tmp, 'dist', 'demo', 'result.csv');
    expect(await h['export:save']({ suggestedName: 'result.csv', data: 'x' }, noEvent)).toMatchObject({ saved: false });
  });

  it('export:save reports a cancelled dialog', async () => {
    const h = createHandlers(deps({ kind: 'demo' }, { chooseSaveTarget: async () => null }));
    expect(await h['export:save']({ suggestedName: 'x.csv', data: 'x' }, noEvent)).toEqual({ saved: false, reason: 'cancelled' });
  });

  it('launch:takeFolder opens the command-line folder once, then returns null', async () => {
    const h = createHandlers(deps({ kind: 'folder', path: join(tmp, 'scans', 'p001') }));
    expect(await h['launch:takeFolder'](undefined, noEvent)).toMatchObject({ name: 'p001' });
    expect(await h['launch:takeFolder'](undefined, noEvent)).toBeNull();
  });

  it('launch:takeFolder opens the demo for --demo, and reports a missing folder argument as NOT_FOUND', async () => {
    expect(await createHandlers(deps({ kind: 'demo' }))['launch:takeFolder'](undefined, noEvent)).toMatchObject({ name: 'Demo study' });
    const missing = createHandlers(deps({ kind: 'folder', path: join(tmp, 'nope') }));
    expect(await failureCode(missing['launch:takeFolder'](undefined, noEvent))).toBe('NOT_FOUND');
  });

  it('recent:open reopens by id and refuses unknown ids; the list survives a restart', async () => {
    const store = join(tmp, 'recent-persist.json');
    const first = deps({ kind: 'demo' }, { recent: new RecentFolders(store) });
    await createHandlers(first)['folder:open'](undefined, noEvent);
    const reloaded = new RecentFolders(store);
    await reloaded.load();
    const h = createHandlers(deps({ kind: 'demo' }, { recent: reloaded }));
    const [entry] = await h['recent:list'](undefined, noEvent);
    expect(entry.name).toBe('p001');
    expect(await h['recent:open']({ id: entry.id }, noEvent)).toMatchObject({ name: 'p001', files: [{ path: 'IM0001', size: 9 }] });
    expect(await failureCode(h['recent:open']({ id: 'ffffffffffffffff' }, noEvent))).toBe('NOT_FOUND');
  });

  it('a corrupt recent-folders file loads as an empty list', async () => {
    const store = join(tmp, 'corrupt.json');
    writeFileSync(store, '{not json');
    const recent = new RecentFolders(store);
    await recent.load();
    expect(recent.list()).toEqual([]);
  });
});
