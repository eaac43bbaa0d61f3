import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, StoreTooNewError } from '../../../electron/store/migrations';
import { openSqliteStore } from '../../../electron/store/sqliteStore';
import { abc2Measurement, dwiKey, ellipseRoi, lesionSegmentation, perfusionVolumesMeasurement } from './fixtures';
import { describeStoreContract } from './storeContract';

const tmp = mkdtempSync(join(tmpdir(), 'dti-store-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(tmp, `m${n++}.sqlite`);

describeStoreContract('SQLite', (path, now) => openSqliteStore(path, { now }), freshPath);

describe('SQLite measurement store', () => {
  it('opens with WAL, synchronous=FULL, foreign keys on, and records the schema version', async () => {
    const path = freshPath();
    const store = await openSqliteStore(path);
    await store.close();
    const raw = new BetterSqlite3(path);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare('SELECT version FROM schema_version ORDER BY version').pluck().all()).toEqual(MIGRATIONS.map((_, i) => i + 1));
    raw.close();
    // Per-connection settings are checked on a connection the store opened.
    const again = await openSqliteStore(path);
    const db = (again as unknown as { db: BetterSqlite3.Database }).db;
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    await again.close();
  });

  it('keeps deleted rows, so the audit foreign keys hold', async () => {
    const path = freshPath();
    const store = await openSqliteStore(path);
    await store.saveRoi(dwiKey, ellipseRoi('roi-x'), 'Dr A');
    await store.deleteRoi('roi-x', 'Dr A');
    await store.close();
    const raw = new BetterSqlite3(path, { readonly: true });
    expect(raw.prepare('SELECT COUNT(*) FROM rois WHERE deleted_at IS NOT NULL').pluck().get()).toBe(1);
    expect(raw.prepare('SELECT COUNT(*) FROM audit WHERE roi_id = ?').pluck().get('roi-x')).toBe(2);
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    raw.close();
  });

  it('the audit trail is append-only and entity rows cannot be hard-deleted, even by raw SQL', async () => {
    const path = freshPath();
    const store = await openSqliteStore(path);
    await store.saveRoi(dwiKey, ellipseRoi('roi-y'), 'Dr A');
    await store.close();
    const raw = new BetterSqlite3(path);
    expect(() => raw.prepare("UPDATE audit SET reader = 'someone else'").run()).toThrow('audit rows are append-only');
    expect(() => raw.prepare('DELETE FROM audit').run()).toThrow('audit rows are append-only');
    expect(() => raw.prepare('DELETE FROM rois').run()).toThrow('soft-deleted');
    expect(raw.prepare('SELECT reader FROM audit').pluck().all()).toEqual(['Dr A']);
    raw.close();
  });

  it('refuses a database written by a newer schema, and leaves it untouched', async () => {
    const path = freshPath();
    await (await openSqliteStore(path)).close();
    const raw = new BetterSqlite3(path);
    raw.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(MIGRATIONS.length + 1, '2030-01-01T00:00:00.000Z');
    raw.close();
    await expect(openSqliteStore(path)).rejects.toBeInstanceOf(StoreTooNewError);
    const check = new BetterSqlite3(path, { readonly: true });
    expect(check.prepare('SELECT MAX(version) FROM schema_version').pluck().get()).toBe(MIGRATIONS.length + 1);
    check.close();
  });

  it('migrates a version-1 database (no segmentations): its audit rows kept with their seq, new rows after them', async () => {
    const path = freshPath();
    const v1 = new BetterSqlite3(path);
    v1.exec('CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    v1.exec(MIGRATIONS[0] as string);
    v1.prepare('INSERT INTO schema_version VALUES (1, ?)').run('2024-01-01T00:00:00.000Z');
    const json = JSON.stringify({ key: dwiKey, roi: ellipseRoi('roi-old') });
    v1.prepare(
      `INSERT INTO rois (id, study_uid, series_uid, frame_of_reference_uid, content_json, created_by, updated_by, created_at, updated_at)
       VALUES ('roi-old', ?, ?, ?, ?, 'Dr Old', 'Dr Old', 't0', 't0')`,
    ).run(dwiKey.studyInstanceUID, dwiKey.seriesInstanceUID, dwiKey.frameOfReferenceUID, json);
    const audit = v1.prepare(`INSERT INTO audit (roi_id, action, reader, at, before_json, after_json) VALUES ('roi-old', ?, 'Dr Old', 't0', NULL, ?)`);
    audit.run('create', json);
    audit.run('update', json);
    v1.close();

    const store = await openSqliteStore(path);
    expect((await store.listRois(dwiKey)).map((r) => r.roi.id)).toEqual(['roi-old']);
    expect((await store.history('roi-old')).map((h) => [h.seq, h.action, h.entity])).toEqual([[1, 'create', 'roi'], [2, 'update', 'roi']]);
    await store.saveSegmentation(lesionSegmentation('seg-new'), 'Dr New');
    expect((await store.history('seg-new')).map((h) => [h.seq, h.entity, h.action])).toEqual([[3, 'segmentation', 'create']]);
    await store.close();

    const raw = new BetterSqlite3(path);
    expect(raw.prepare('SELECT version FROM schema_version ORDER BY version').pluck().all()).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    // The rebuilt audit keeps its guards: append-only, and exactly one entity per row.
    expect(() => raw.prepare('DELETE FROM audit').run()).toThrow('audit rows are append-only');
    expect(() => raw.prepare('DELETE FROM segmentations').run()).toThrow('soft-deleted');
    expect(() =>
      raw.prepare(`INSERT INTO audit (roi_id, segmentation_id, action, reader, at) VALUES ('roi-old', 'seg-new', 'update', 'x', 't')`).run(),
    ).toThrow(/CHECK constraint/);
    raw.close();
  });

  it('migrates a version-4 database to perfusion volumes: measurements, their order, audit and chain kept; guards back', async () => {
    const path = freshPath();
    const v4 = new BetterSqlite3(path);
    v4.exec('CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    v4.pragma('foreign_keys = ON');
    for (let version = 0; version < 4; version++) {
      const step = MIGRATIONS[version];
      if (typeof step === 'string') v4.exec(step);
      else step(v4);
      v4.prepare('INSERT INTO schema_version VALUES (?, ?)').run(version + 1, '2024-01-01T00:00:00.000Z');
    }
    v4.close();
    // Rows written through the version-4 schema by the store of that version: a 'z' id created first lists first.
    const old = await openSqliteStoreAt4(path);
    await old.saveMeasurement({ ...abc2Measurement('z-abc') }, 'Dr Old');
    await old.saveMeasurement({ ...abc2Measurement('a-abc'), name: 'Second' }, 'Dr Old');
    await old.close();

    const store = await openSqliteStore(path);
    expect((await store.listMeasurements(dwiKey)).map((m) => m.id)).toEqual(['z-abc', 'a-abc']);
    expect((await store.history('z-abc')).map((h) => [h.seq, h.action])).toEqual([[1, 'create']]);
    await store.saveMeasurement(perfusionVolumesMeasurement('perfvol-1'), 'Dr New');
    expect((await store.listMeasurements(dwiKey)).map((m) => m.kind)).toEqual(['abc2', 'abc2', 'perfusionVolumes']);
    expect(await store.verify!()).toMatchObject({ ok: true, auditRows: 3, records: 3 });
    await store.close();

    const raw = new BetterSqlite3(path);
    expect(raw.prepare('SELECT version FROM schema_version ORDER BY version').pluck().all()).toEqual(MIGRATIONS.map((_, i) => i + 1));
    raw.pragma('foreign_keys = ON');
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    expect(() => raw.prepare('DELETE FROM measurements').run()).toThrow('soft-deleted');
    expect(() => raw.prepare("UPDATE measurements SET kind = 'volume' WHERE id = 'z-abc'").run()).toThrow(/CHECK constraint/);
    expect(() => raw.prepare(`INSERT INTO audit (measurement_id, action, reader, at) VALUES ('nowhere', 'update', 'x', 't')`).run()).toThrow(/FOREIGN KEY/);
    raw.close();
  });
});

/** The store on a database kept at schema version 4 (the migrations after it are not run: the schema is already "current" to it). */
async function openSqliteStoreAt4(path: string) {
  const raw = new BetterSqlite3(path);
  // Pretend the later steps ran, so the store opens without migrating; put the versions back after.
  const later = MIGRATIONS.slice(4).map((_, i) => i + 5);
  for (const v of later) raw.prepare('INSERT INTO schema_version VALUES (?, ?)').run(v, 'pretend');
  raw.close();
  const store = await openSqliteStore(path);
  return {
    saveMeasurement: store.saveMeasurement.bind(store),
    close: async () => {
      await store.close();
      const again = new BetterSqlite3(path);
      for (const v of later) again.prepare('DELETE FROM schema_version WHERE version = ?').run(v);
      again.close();
    },
  };
}
