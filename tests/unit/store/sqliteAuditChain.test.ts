import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../electron/store/migrations';
import { openSqliteStore } from '../../../electron/store/sqliteStore';
import { abc2Measurement, dwiKey, ellipseRoi, lesionSegmentation } from './fixtures';

/** The audit hash chain of the SQLite store on real database files. */

const tmp = mkdtempSync(join(tmpdir(), 'dti-chain-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(tmp, `m${n++}.sqlite`);

/** A store with every kind of write: create, update, delete, restore of ROIs, measurements and segmentations. */
async function storeWithHistory(path: string) {
  const store = await openSqliteStore(path);
  await store.saveRoi(dwiKey, ellipseRoi('roi-1'), 'Dr A');
  await store.saveRoi(dwiKey, ellipseRoi('roi-1', { name: 'Core 24 h' }), 'Dr A');
  await store.saveMeasurement(abc2Measurement('m-abc'), 'Dr A');
  await store.saveMeasurement({ ...abc2Measurement('m-abc'), name: 'Lesion' }, 'Dr B');
  await store.deleteMeasurement('m-abc', 'Dr B');
  await store.saveMeasurement(abc2Measurement('m-abc'), 'Dr B');
  await store.saveSegmentation(lesionSegmentation('seg-1'), 'Dr A');
  await store.deleteSegmentation('seg-1', 'Dr A');
  await store.deleteRoi('roi-1', 'Dr A');
  return store;
}

describe('SQLite audit hash chain', () => {
  it('every write path appends a chained audit row: the store verifies after creates, updates, deletes and restores', async () => {
    const path = freshPath();
    const store = await storeWithHistory(path);
    const report = await store.verify();
    expect(report).toMatchObject({ ok: true, auditRows: 9, records: 3, problem: null });
    const raw = new BetterSqlite3(path, { readonly: true });
    const rows = raw.prepare('SELECT seq, hash, state_hash FROM audit ORDER BY seq').all() as { seq: number; hash: string; state_hash: string }[];
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash) && /^[0-9a-f]{64}$/.test(r.state_hash))).toBe(true);
    expect(report.head).toBe(rows[8].hash);
    raw.close();
    await store.close();
  });

  it('two connections writing the same file in turn chain each edit after the other’s (the last hash is read under the write lock)', async () => {
    const path = freshPath();
    const first = await openSqliteStore(path);
    const second = await openSqliteStore(path);
    for (let i = 0; i < 3; i++) {
      await first.saveRoi(dwiKey, ellipseRoi(`first-${i}`), 'Dr A');
      await second.saveMeasurement(abc2Measurement(`second-${i}`), 'Dr B');
    }
    expect(await first.verify()).toMatchObject({ ok: true, auditRows: 6, records: 6 });
    await first.close();
    await second.close();
  });

  it('a measurement row altered with raw SQL is reported at its last audit row, naming the value', async () => {
    const path = freshPath();
    await (await storeWithHistory(path)).close();
    const raw = new BetterSqlite3(path);
    raw.prepare(`UPDATE measurements SET content_json = replace(content_json, '"volumeMl":15', '"volumeMl":1.5') WHERE id = 'm-abc'`).run();
    raw.close();
    const store = await openSqliteStore(path);
    const report = await store.verify();
    expect(report.ok).toBe(false);
    expect(report.problem).toEqual({
      seq: 6,
      entity: 'measurement',
      entityId: 'm-abc',
      what: 'row differs from the state audited at row 6: content payload.volumeMl: audited 15, stored 1.5',
    });
    await store.close();
  });

  it('an audit row rewritten with its trigger dropped breaks the chain at that row', async () => {
    const path = freshPath();
    await (await storeWithHistory(path)).close();
    const raw = new BetterSqlite3(path);
    raw.exec(`DROP TRIGGER audit_no_update; UPDATE audit SET reader = 'Dr C' WHERE seq = 4;`);
    raw.close();
    const store = await openSqliteStore(path);
    expect((await store.verify()).problem).toMatchObject({ seq: 4, entity: 'measurement', entityId: 'm-abc' });
    await store.close();
  });

  it('migrating a version-2 database seals its existing audit rows into a chain that verifies', async () => {
    const path = freshPath();
    const v2 = new BetterSqlite3(path);
    v2.exec('CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    v2.exec(MIGRATIONS[0] as string);
    v2.exec(MIGRATIONS[1] as string);
    v2.prepare('INSERT INTO schema_version VALUES (1, ?), (2, ?)').run('2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z');
    const before = JSON.stringify({ key: dwiKey, roi: ellipseRoi('roi-old') });
    const after = JSON.stringify({ key: dwiKey, roi: ellipseRoi('roi-old', { name: 'Renamed' }) });
    v2.prepare(
      `INSERT INTO rois (id, study_uid, series_uid, frame_of_reference_uid, content_json, created_by, updated_by, created_at, updated_at)
       VALUES ('roi-old', ?, ?, ?, ?, 'Dr Old', 'Dr Old', 't0', 't1')`,
    ).run(dwiKey.studyInstanceUID, dwiKey.seriesInstanceUID, dwiKey.frameOfReferenceUID, after);
    const audit = v2.prepare(`INSERT INTO audit (roi_id, action, reader, at, before_json, after_json) VALUES ('roi-old', ?, 'Dr Old', ?, ?, ?)`);
    audit.run('create', 't0', null, before);
    audit.run('update', 't1', before, after);
    v2.close();

    const store = await openSqliteStore(path);
    expect(await store.verify()).toMatchObject({ ok: true, auditRows: 2, records: 1 });
    await store.saveRoi(dwiKey, ellipseRoi('roi-old', { name: 'Again' }), 'Dr New');
    expect((await store.history('roi-old')).map((h) => [h.seq, h.action])).toEqual([[1, 'create'], [2, 'update'], [3, 'update']]);
    expect(await store.verify()).toMatchObject({ ok: true, auditRows: 3 });
    await store.close();
    // The trigger is back: the sealed rows stay append-only.
    const raw = new BetterSqlite3(path);
    expect(() => raw.prepare(`UPDATE audit SET hash = 'x' WHERE seq = 1`).run()).toThrow('audit rows are append-only');
    raw.close();
  });
});
