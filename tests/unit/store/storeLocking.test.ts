import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createIpcRegistry, type IpcHandlers } from '../../../electron/ipc/ipcRegistry';
import { StoreLockedError } from '../../../electron/store/storeErrors';
import { openSqliteStore } from '../../../electron/store/sqliteStore';
import { createStoreHandlers } from '../../../electron/store/storeHandlers';
import { abc2Measurement, dwiKey, ellipseRoi } from './fixtures';

/** A second connection holding the write lock of a real database file. */

const tmp = mkdtempSync(join(tmpdir(), 'dti-lock-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const ours = { sender: { id: 1 }, senderFrame: { url: 'app://bundle/index.html', parent: null } };

describe('SQLite store under another connection’s write lock', () => {
  it('a write fails with StoreLockedError, reaches the renderer as STORE_LOCKED (not INTERNAL), writes nothing, and works once the lock is gone', async () => {
    const path = join(tmp, 'locked.sqlite');
    const store = await openSqliteStore(path, { busyTimeoutMs: 50 });
    await store.saveRoi(dwiKey, ellipseRoi('roi-before'), 'Dr A');
    const registry = createIpcRegistry({ handlers: createStoreHandlers(Promise.resolve(store)) as IpcHandlers, isTrustedSender: () => true });

    const other = new BetterSqlite3(path);
    other.exec('BEGIN IMMEDIATE');
    const write = store.saveMeasurement(abc2Measurement('m-locked'), 'Dr A');
    await expect(write).rejects.toBeInstanceOf(StoreLockedError);
    await expect(write).rejects.toThrow('measurement database is locked by another connection (waited 50 ms): nothing was saved');
    await expect(store.deleteRoi('roi-before', 'Dr A')).rejects.toBeInstanceOf(StoreLockedError);
    const answer = await registry.dispatch('store:saveRoi', ours, [{ key: dwiKey, roi: ellipseRoi('roi-locked'), reader: 'Dr A' }]);
    expect(answer).toEqual({ ok: false, error: { code: 'STORE_LOCKED', message: expect.stringContaining('locked by another connection') } });
    // Reads still work in WAL mode while another connection writes.
    expect((await store.listRois(dwiKey)).map((r) => r.roi.id)).toEqual(['roi-before']);
    other.exec('ROLLBACK');
    other.close();

    expect(await registry.dispatch('store:saveRoi', ours, [{ key: dwiKey, roi: ellipseRoi('roi-after'), reader: 'Dr A' }])).toMatchObject({ ok: true });
    expect((await store.listRois(dwiKey)).map((r) => r.roi.id)).toEqual(['roi-before', 'roi-after']);
    expect((await store.listMeasurements(dwiKey)).map((m) => m.id)).toEqual([]);
    expect(await store.verify()).toMatchObject({ ok: true, auditRows: 2 });
    await store.close();
  });
});
