import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFolder } from '../../../src/cli/nodeFileSource';
import { indexFolder } from '../../../src/cli/indexFolder';
import { createFrameDecoder } from '../../../src/codecs/createFrameDecoder';
import { planSeries } from '../../../src/core/dicom/geometry/planSeries';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import { assembleVolume } from '../../../src/core/volume/assembleVolume';
import { OpenedFolders } from '../../../electron/fs/openedFolders';
import { createHandlers, type HandlerDeps } from '../../../electron/ipc/handlers';
import { createIpcRegistry, type IpcHandlers } from '../../../electron/ipc/ipcRegistry';
import type { InvokeEventLike } from '../../../electron/security/senderGate';
import { RecentFolders } from '../../../electron/recent/recentFolders';
import { createElectronPlatform } from '../../../src/platform/electronPlatform';
import { indexFilesInWorkers } from '../../../src/workers/indexPool';
import { IpcChannel, IpcEvent, MAX_READ_BYTES, type DtiApi, type IndexProgressEvent } from '../../../src/shared/ipcContract';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir, sharedSeriesIds } from '../../helpers/sharedData';

/**
 * The desktop's folder indexing and bulk reads end to end under Node: the page's platform calls
 * main's real handlers through the real registry (sender gate, zod validation), as the preload
 * would; only Electron's transport is left out.
 */
let tmp: string;
beforeAll(() => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'dti-host-index-')));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function wire(chosen: () => string) {
  const deps: HandlerDeps = {
    folders: new OpenedFolders(),
    recent: new RecentFolders(join(tmp, `recent-${Math.random()}.json`)),
    demoRoot: join(tmp, 'no-demo'),
    chooseFolder: async () => chosen(),
    chooseSaveTarget: async () => null,
    appInfo: () => ({ name: 'x', version: '0', platform: 'linux', arch: 'x64', versions: { electron: '', chrome: '', node: '' } }),
    launch: { kind: 'demo' },
  };
  const progress: IndexProgressEvent[] = [];
  const calls: string[] = [];
  const event: InvokeEventLike = {
    sender: { id: 7, send: (channel, payload) => channel === IpcEvent.indexProgress && listeners.forEach((l) => l(payload as IndexProgressEvent)) },
    senderFrame: { url: 'app://bundle/index.html', parent: null },
  };
  const listeners = new Set<(p: IndexProgressEvent) => void>([(p) => progress.push(p)]);
  const registry = createIpcRegistry({ handlers: createHandlers(deps) as IpcHandlers, isTrustedSender: () => true });
  const invoke = (channel: string) => (args?: unknown) => {
    calls.push(channel);
    return registry.dispatch(channel as never, event, args === undefined ? [] : [args]);
  };
  const api = {
    openFolder: invoke(IpcChannel.openFolder),
    readFile: invoke(IpcChannel.readFile),
    indexFolder: invoke(IpcChannel.indexFolder),
    readFiles: invoke(IpcChannel.readFiles),
    onIndexProgress: (l: (p: IndexProgressEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  } as unknown as DtiApi;
  return { platform: createElectronPlatform(api), progress, calls, deps };
}

describe.skipIf(!hasSharedDicom)('desktop indexing in main on every real series', () => {
  it.each(sharedSeriesIds())('%s: folder:index gives the CLI’s index, in one call', async (id) => {
    const folder = join(sharedSeriesDir(id), 'dicom');
    const { platform, progress, calls } = wire(() => folder);
    const opened = (await platform.openFolder())!;
    const seen: number[] = [];
    const index = await indexFilesInWorkers(opened.files, { onProgress: (done) => seen.push(done) });
    const cli = await indexFolder(folder);
    expect(index).toEqual(cli.index);
    expect(index).toEqual(await indexFiles(await listFolder(folder)));
    expect(calls.filter((c) => c === IpcChannel.indexFolder)).toHaveLength(1);
    expect(calls).not.toContain(IpcChannel.readFile);
    expect(progress.at(-1)).toMatchObject({ done: opened.files.length, total: opened.files.length });
    expect(seen.at(-1)).toBe(opened.files.length);
  }, 60_000);

  it('assembling a series reads its files in one call, with the same values as reading from disk', async () => {
    const folder = join(sharedSeriesDir('philips_701_DTI_Biobank_cl'), 'dicom');
    const { platform, calls } = wire(() => folder);
    const opened = (await platform.openFolder())!;
    const index = await indexFilesInWorkers(opened.files, {});
    const series = index.patients[0].studies[0].series.find((s) => s.kind === 'dwi')!;
    const viaHost = await assembleVolume(planSeries(series), new Map(opened.files.map((f) => [f.path, f])), createFrameDecoder());
    const local = await listFolder(folder);
    const fromDisk = await assembleVolume(planSeries(series), new Map(local.map((f) => [f.path, f])), createFrameDecoder());
    expect(viaHost.dims).toEqual(fromDisk.dims);
    // Byte comparison: a deep equality of 15 M floats takes minutes.
    const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    expect(viaHost.data.length).toBeGreaterThan(1e6);
    expect(bytes(viaHost.data).equals(bytes(fromDisk.data))).toBe(true);
    expect(calls.filter((c) => c === IpcChannel.readFiles)).toHaveLength(1);
    expect(calls).not.toContain(IpcChannel.readFile);
  }, 60_000);
});
if (!hasSharedDicom) console.warn(sharedDicomSkipMessage);

describe('file:readMany', () => {
  it('returns the files end to end, refuses unlisted paths and falls back to per-file reads when a file vanished', async () => {
    const folder = join(tmp, 'scan');
    mkdirSync(join(folder, 'a'), { recursive: true });
    writeFileSync(join(folder, 'a', 'one'), 'first file');
    writeFileSync(join(folder, 'a', 'two'), 'second');
    writeFileSync(join(tmp, 'outside'), 'secret');
    const { deps } = wire(() => folder);
    const h = createHandlers(deps);
    const event = { sender: { id: 1 }, senderFrame: null };
    const listing = await h['folder:open'](undefined, event);
    const got = await h['file:readMany']({ folderId: listing!.folderId, paths: ['a/two', 'a/one'] }, event);
    expect(got.sizes).toEqual([6, 10]);
    expect(Buffer.from(got.bytes).toString()).toBe('secondfirst file');
    await expect(h['file:readMany']({ folderId: listing!.folderId, paths: ['../outside'] }, event)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    rmSync(join(folder, 'a', 'two'));
    await expect(h['file:readMany']({ folderId: listing!.folderId, paths: ['a/one', 'a/two'] }, event)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('is validated by the contract: a path list that is empty or absolute is refused before any handler', async () => {
    const { platform } = wire(() => tmp);
    void platform;
    const registry = createIpcRegistry({ handlers: {} as IpcHandlers, isTrustedSender: () => true });
    const event = { sender: { id: 1 }, senderFrame: null };
    for (const args of [{ folderId: 'abcdefgh12', paths: [] }, { folderId: 'abcdefgh12', paths: ['/etc/passwd'] }, { folderId: 'x', paths: ['a'] }]) {
      const r = await registry.dispatch('file:readMany', event, [args]);
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS' } });
    }
    expect(MAX_READ_BYTES).toBeGreaterThan(0);
  });
});

describe('HostFolder without an index', () => {
  it('reads file by file, as before (no series known yet)', async () => {
    const folder = join(tmp, 'plain');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'x.bin'), new Uint8Array([1, 2, 3, 4, 5]));
    const { platform, calls } = wire(() => folder);
    const opened = (await platform.openFolder())!;
    expect(Array.from(await opened.files[0].read(1, 3))).toEqual([2, 3]);
    expect(calls).toEqual([IpcChannel.openFolder, IpcChannel.readFile]);
    expect(readFileSync(join(folder, 'x.bin')).length).toBe(5);
  });
});
