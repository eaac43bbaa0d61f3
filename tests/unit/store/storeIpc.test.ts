import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createIpcRegistry, type IpcHandlers } from '../../../electron/ipc/ipcRegistry';
import { isTrustedSender, type InvokeEventLike } from '../../../electron/security/senderGate';
import { openSqliteStore } from '../../../electron/store/sqliteStore';
import { createStoreHandlers } from '../../../electron/store/storeHandlers';
import type { MeasurementStore } from '../../../src/core/store/MeasurementStore';
import { ipcMeasurementStore } from '../../../src/platform/electronPlatform';
import { IpcChannel, MAX_CONTOUR_POINTS, type DtiApi, type IpcChannelName } from '../../../src/shared/ipcContract';
import { caseKey, readId } from '../../../src/core/reading/readId';
import type { ReadInput } from '../../../src/core/store/records';
import { emptyHtRead, type HtRead } from '../../../src/core/trial/htRead';
import { abc2Measurement, dwiKey, ellipseRoi, lesionSegmentation, mirroredRoi } from './fixtures';

const tmp = mkdtempSync(join(tmpdir(), 'dti-store-ipc-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

const OUR_WINDOW = 7;
const ours: InvokeEventLike = { sender: { id: OUR_WINDOW }, senderFrame: { url: 'app://bundle/index.html', parent: null } };
const foreign: InvokeEventLike = { sender: { id: 99 }, senderFrame: { url: 'app://bundle/index.html', parent: null } };

/** The registry main builds, with the real store handlers over `opening` and the folder channels stubbed out. */
function registryOver(opening: Promise<MeasurementStore>) {
  const notUsed = async () => {
    throw new Error('not part of this test');
  };
  const folderChannels = Object.fromEntries(
    Object.values(IpcChannel)
      .filter((c) => !c.startsWith('store:'))
      .map((c) => [c, notUsed]),
  );
  return createIpcRegistry({
    handlers: { ...folderChannels, ...createStoreHandlers(opening) } as IpcHandlers,
    isTrustedSender: (e) => isTrustedSender(e, new Set([OUR_WINDOW])),
  });
}

async function freshStore() {
  return openSqliteStore(join(tmp, `ipc${n++}.sqlite`));
}

/** A preload stand-in: each DtiApi store method dispatches to its own channel as ipcRenderer.invoke would. */
function apiOver(registry: ReturnType<typeof registryOver>): DtiApi {
  const api: Record<string, unknown> = {};
  for (const [method, channel] of Object.entries(IpcChannel)) {
    api[method] = (args: unknown) => registry.dispatch(channel as IpcChannelName, ours, args === undefined ? [] : [args]);
  }
  return api as unknown as DtiApi;
}

describe('store IPC channels', () => {
  it('trial reads cross the IPC boundary: each reader kept apart, audited; a read of one series or an unknown class is refused', async () => {
    const sqlite = await freshStore();
    const store = ipcMeasurementStore(apiOver(registryOver(Promise.resolve(sqlite))));
    const study = dwiKey.studyInstanceUID;
    const read = (reader: string, heidelberg: HtRead['heidelberg']): ReadInput => ({ id: readId(study, 'reader', reader), key: caseKey(study), role: 'reader', reader, read: { ...emptyHtRead(), heidelberg } });
    await store.saveRead!(read('Dr A, MD', ['1c', '3b']), 'Dr A, MD');
    await store.saveRead!(read('Dr B', ['2']), 'Dr B');
    expect((await store.listReads!({ studyInstanceUID: study })).map((r) => [r.reader, r.read.heidelberg, r.updatedBy])).toEqual([
      ['Dr A, MD', ['1c', '3b'], 'Dr A, MD'],
      ['Dr B', ['2'], 'Dr B'],
    ]);
    expect((await store.history(readId(study, 'reader', 'Dr B'))).map((h) => [h.entity, h.action, h.reader])).toEqual([['read', 'create', 'Dr B']]);
    await expect(store.saveRead!({ ...read('Dr C', ['1a']), key: dwiKey }, 'Dr C')).rejects.toThrow('a read is of the whole study');
    await expect(store.saveRead!(read('Dr C', ['4'] as unknown as HtRead['heidelberg']), 'Dr C')).rejects.toThrow(/INVALID_ARGS|Invalid/);
    expect(await store.listReads!({ studyInstanceUID: study })).toHaveLength(2);
    expect((await sqlite.verify!()).ok).toBe(true);
    await sqlite.close();
  });

  it('segmentations cross the IPC boundary: saved, listed with identical voxels, audited; labels that do not fill the grid are refused', async () => {
    const sqlite = await freshStore();
    const store = ipcMeasurementStore(apiOver(registryOver(Promise.resolve(sqlite))));
    const lesion = lesionSegmentation('seg-ipc');
    expect((await store.saveSegmentation!(lesion, 'Dr A')).voxels).toBe(60);
    const [back] = await store.listSegmentations!(dwiKey);
    expect(back.labels).toEqual(lesion.labels);
    expect((await store.history('seg-ipc')).map((h) => [h.entity, h.action])).toEqual([['segmentation', 'create']]);
    await expect(store.saveSegmentation!({ ...lesion, id: 'seg-bad', labels: lesion.labels.subarray(1) }, 'Dr A')).rejects.toThrow('labels do not fill the grid');
    expect(await store.deleteSegmentation!('seg-ipc', 'Dr B')).toBe(true);
    expect(await store.listSegmentations!(dwiKey)).toEqual([]);
    await sqlite.close();
  });

  it('renderer API → registry → SQLite: save, mirror, edit, delete, list and history round trip', async () => {
    const sqlite = await freshStore();
    const store = ipcMeasurementStore(apiOver(registryOver(Promise.resolve(sqlite))));
    const core = ellipseRoi('roi-core');
    const mirror = mirroredRoi('roi-mirror', core);
    await store.saveRoi(dwiKey, core, 'Dr A');
    await store.saveRoi(dwiKey, mirror, 'Dr A');
    await store.saveRoi(dwiKey, { ...core, name: 'Core v2' }, 'Dr B');
    expect(await store.deleteRoi('roi-mirror', 'Dr B')).toBe(true);
    expect((await store.listRois({ studyInstanceUID: dwiKey.studyInstanceUID })).map((s) => [s.roi, s.updatedBy])).toEqual([
      [{ ...core, name: 'Core v2' }, 'Dr B'],
    ]);
    expect((await store.history('roi-core')).map((h) => h.action)).toEqual(['create', 'update']);
    expect((await store.history('roi-mirror')).map((h) => [h.action, h.reader])).toEqual([['create', 'Dr A'], ['delete', 'Dr B']]);
    const saved = await store.saveMeasurement(abc2Measurement('m-abc'), 'Dr A');
    expect(saved).toMatchObject({ kind: 'abc2', payload: { volumeMl: 15 }, createdBy: 'Dr A' });
    expect(await store.listMeasurements(dwiKey)).toEqual([saved]);
    expect(await store.deleteMeasurement('m-abc', 'Dr B')).toBe(true);
    expect(await store.listMeasurements(dwiKey)).toEqual([]);
    expect((await store.history('m-abc')).map((h) => h.action)).toEqual(['create', 'delete']);
    await sqlite.close();
  });

  it('refuses another window before touching the store', async () => {
    const sqlite = await freshStore();
    const registry = registryOver(Promise.resolve(sqlite));
    const result = await registry.dispatch('store:saveRoi', foreign, [{ key: dwiKey, roi: ellipseRoi('r'), reader: 'Dr A' }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(await sqlite.history('r')).toEqual([]);
    await sqlite.close();
  });

  const good = ellipseRoi('roi-v');
  const withContour = (contour: [number, number, number][]) => ({ ...good, contour });
  it.each([
    ['a NaN contour coordinate', { roi: withContour(good.contour.map((p, i) => (i === 3 ? [p[0], Number.NaN, p[2]] : p))) }],
    ['an infinite plane origin', { roi: { ...good, plane: { origin: [Number.POSITIVE_INFINITY, 0, 0], normal: [0, 0, 1] } } }],
    ['a zero plane normal', { roi: { ...good, plane: { origin: [0, 0, 0], normal: [0, 0, 0] } } }],
    ['an oversized contour', { roi: withContour(Array.from({ length: MAX_CONTOUR_POINTS + 1 }, (_, i): [number, number, number] => [i, 0, 0])) }],
    ['a two-point contour', { roi: withContour(good.contour.slice(0, 2)) }],
    ['a 2-vector point', { roi: withContour([...good.contour.slice(0, 5), [1, 2] as unknown as [number, number, number]]) }],
    ['a NaN ellipse axis', { roi: { ...good, ellipse: { ...good.ellipse!, axisA: [Number.NaN, 0, 0] } } }],
    ['an unknown role', { roi: { ...good, role: 'penumbra' } }],
    ['an extra ROI property', { roi: { ...good, pixelData: [1, 2, 3] } }],
    ['an empty reader name', { reader: '   ' }],
    ['a control character in the reader name', { reader: 'Dr\u0000A' }],
    ['a UID longer than 64 characters', { key: { ...dwiKey, seriesInstanceUID: '1.'.repeat(40) } }],
    ['an id with a slash', { roi: { ...good, id: '../etc' } }],
  ])('rejects %s as INVALID_ARGS and stores nothing', async (_label, override) => {
    const sqlite = await freshStore();
    const registry = registryOver(Promise.resolve(sqlite));
    const result = await registry.dispatch('store:saveRoi', ours, [{ key: dwiKey, roi: good, reader: 'Dr A', ...override }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS' } });
    expect(await sqlite.listRois(dwiKey)).toEqual([]);
    // The same call without the fault goes through: the rejection was the fault, not the harness.
    expect(await registry.dispatch('store:saveRoi', ours, [{ key: dwiKey, roi: good, reader: 'Dr A' }])).toMatchObject({ ok: true });
    await sqlite.close();
  });

  it.each([
    ['a negative ABC/2 diameter', { ...abc2Measurement('m'), payload: { kind: 'abc2', aMm: -1, bMm: 30, cMm: 25, volumeMl: 15 } }],
    ['an infinite length', { ...abc2Measurement('m'), payload: { kind: 'length', points: [[0, 0, 0], [1, 0, 0]], lengthMm: Number.POSITIVE_INFINITY } }],
    ['a payload of an unknown kind', { ...abc2Measurement('m'), payload: { kind: 'angle', degrees: 30 } }],
    ['a NaN probe value', { ...abc2Measurement('m'), payload: { kind: 'probe', point: [0, 0, 0], values: { fa: Number.NaN } } }],
  ])('rejects a measurement with %s', async (_label, measurement) => {
    const sqlite = await freshStore();
    const result = await registryOver(Promise.resolve(sqlite)).dispatch('store:saveMeasurement', ours, [{ measurement, reader: 'Dr A' }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS' } });
    expect(await sqlite.listMeasurements(dwiKey)).toEqual([]);
    await sqlite.close();
  });

  it('a store that failed to open answers IO_ERROR with the reason on every store channel', async () => {
    const failed = Promise.reject(new Error('schema version 9 is newer than this app'));
    const registry = registryOver(failed);
    const result = await registry.dispatch('store:listRois', ours, [{ scope: { studyInstanceUID: '1.2.3' } }]);
    expect(result).toEqual({ ok: false, error: { code: 'IO_ERROR', message: 'measurement store unavailable: schema version 9 is newer than this app' } });
  });
});
