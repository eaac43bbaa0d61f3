import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, StoreTooNewError } from '../../../electron/store/migrations';
import { openSqliteStore } from '../../../electron/store/sqliteStore';
import { abc2Measurement, dwiKey, ellipseRoi, faKey, lengthMeasurement, mirroredRoi, otherStudyKey, steppingClock } from './fixtures';

const tmp = mkdtempSync(join(tmpdir(), 'dti-store-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(tmp, `m${n++}.sqlite`);

describe('SQLite measurement store', () => {
  it('round trip: ROIs and measurements saved, closed, reopened are identical, per series and per study', async () => {
    const path = freshPath();
    const core = ellipseRoi('roi-core');
    const mirror = mirroredRoi('roi-mirror', core);
    const faRoi = ellipseRoi('roi-fa', { shape: 'freehand', role: 'perilesional', name: 'Rim', ellipse: undefined });
    const elsewhere = ellipseRoi('roi-other', { role: 'other' });
    const store = await openSqliteStore(path, { now: steppingClock() });
    await store.saveRoi(dwiKey, core, 'Dr A');
    await store.saveRoi(dwiKey, mirror, 'Dr A');
    await store.saveRoi(faKey, faRoi, 'Dr B');
    await store.saveRoi(otherStudyKey, elsewhere, 'Dr B');
    await store.saveMeasurement(abc2Measurement('m-abc'), 'Dr A');
    await store.saveMeasurement(lengthMeasurement('m-len'), 'Dr B');
    await store.close();

    const reopened = await openSqliteStore(path);
    const dwi = await reopened.listRois(dwiKey);
    expect(dwi.map((s) => s.roi)).toEqual([core, mirror]);
    expect(dwi[0]).toEqual({
      key: dwiKey,
      roi: core,
      createdBy: 'Dr A',
      updatedBy: 'Dr A',
      createdAt: '2024-03-01T10:00:00.000Z',
      updatedAt: '2024-03-01T10:00:00.000Z',
    });
    expect(dwi[1].roi.mirrorOf).toBe('roi-core');
    expect((await reopened.listRois(faKey)).map((s) => s.roi)).toEqual([faRoi]);
    expect((await reopened.listRois({ studyInstanceUID: dwiKey.studyInstanceUID })).map((s) => s.roi.id)).toEqual(['roi-core', 'roi-mirror', 'roi-fa']);
    // A null frame of reference is a key like any other.
    expect((await reopened.listRois(otherStudyKey)).map((s) => s.roi)).toEqual([elsewhere]);
    expect(await reopened.listRois({ ...otherStudyKey, frameOfReferenceUID: '2.25.3' })).toEqual([]);

    const measurements = await reopened.listMeasurements({ studyInstanceUID: dwiKey.studyInstanceUID });
    expect(measurements.map((m) => m.kind)).toEqual(['abc2', 'length']);
    expect(measurements[0]).toMatchObject({ ...abc2Measurement('m-abc'), createdBy: 'Dr A', createdAt: '2024-03-01T10:00:04.000Z' });
    expect(measurements[0].payload).toEqual({ kind: 'abc2', aMm: 40, bMm: 30, cMm: 25, volumeMl: 15 });
    expect(await reopened.listMeasurements(faKey)).toEqual([expect.objectContaining(lengthMeasurement('m-len'))]);
    await reopened.close();
  });

  it('an edit appends an audit row with before/after and who/when; an identical re-save adds none', async () => {
    const store = await openSqliteStore(freshPath(), { now: steppingClock() });
    const original = ellipseRoi('roi-1');
    await store.saveRoi(dwiKey, original, 'Dr A');
    const moved = { ...original, contour: original.contour.map(([x, y, z]): [number, number, number] => [x + 2, y, z]), name: 'Core (moved)' };
    const stored = await store.saveRoi(dwiKey, moved, 'Dr B');
    expect(stored).toMatchObject({ createdBy: 'Dr A', updatedBy: 'Dr B', createdAt: '2024-03-01T10:00:00.000Z', updatedAt: '2024-03-01T10:00:01.000Z' });
    // Same content with keys in another order is not an edit.
    const reordered = Object.fromEntries(Object.entries(moved).reverse()) as typeof moved;
    expect((await store.saveRoi(dwiKey, reordered, 'Dr C')).updatedBy).toBe('Dr B');

    const history = await store.history('roi-1');
    expect(history.map((h) => [h.action, h.reader, h.at])).toEqual([
      ['create', 'Dr A', '2024-03-01T10:00:00.000Z'],
      ['update', 'Dr B', '2024-03-01T10:00:01.000Z'],
    ]);
    expect(history[0]).toMatchObject({ entity: 'roi', entityId: 'roi-1', before: null, after: { key: dwiKey, roi: original } });
    expect(history[1].before).toEqual({ key: dwiKey, roi: original });
    expect(history[1].after).toEqual({ key: dwiKey, roi: moved });
    await store.close();
  });

  it('delete is soft and audited: gone from listings, history kept, a second delete is refused, a re-save restores', async () => {
    const path = freshPath();
    const store = await openSqliteStore(path, { now: steppingClock() });
    const roi = ellipseRoi('roi-del');
    await store.saveRoi(dwiKey, roi, 'Dr A');
    expect(await store.deleteRoi('roi-del', 'Dr B')).toBe(true);
    expect(await store.deleteRoi('roi-del', 'Dr B')).toBe(false);
    expect(await store.deleteRoi('never-saved', 'Dr B')).toBe(false);
    expect(await store.listRois(dwiKey)).toEqual([]);
    await store.close();

    const reopened = await openSqliteStore(path, { now: () => '2024-03-02T00:00:00.000Z' });
    const history = await reopened.history('roi-del');
    expect(history.map((h) => [h.action, h.reader])).toEqual([['create', 'Dr A'], ['delete', 'Dr B']]);
    expect(history[1]).toMatchObject({ before: { key: dwiKey, roi }, after: null, at: '2024-03-01T10:00:01.000Z' });
    const restored = await reopened.saveRoi(dwiKey, roi, 'Dr C');
    expect(restored).toMatchObject({ createdBy: 'Dr A', updatedBy: 'Dr C', updatedAt: '2024-03-02T00:00:00.000Z' });
    expect((await reopened.history('roi-del')).map((h) => [h.action, h.before])).toEqual([['create', null], ['delete', { key: dwiKey, roi }], ['restore', null]]);
    expect((await reopened.listRois(dwiKey)).map((s) => s.roi)).toEqual([roi]);
    // The row was never removed: the audit table's foreign keys still hold.
    const raw = new BetterSqlite3(path, { readonly: true });
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    raw.close();
    await reopened.close();
  });

  it('measurement edits are audited as measurements', async () => {
    const store = await openSqliteStore(freshPath(), { now: steppingClock() });
    const first = abc2Measurement('m-1');
    await store.saveMeasurement(first, 'Dr A');
    const edited = { ...first, payload: { kind: 'abc2' as const, aMm: 40, bMm: 30, cMm: 30, volumeMl: 18 } };
    await store.saveMeasurement(edited, 'Dr A');
    const history = await store.history('m-1');
    expect(history.map((h) => [h.entity, h.action])).toEqual([['measurement', 'create'], ['measurement', 'update']]);
    expect(history[1].before).toEqual(first);
    expect(history[1].after).toEqual(edited);
    expect(await store.history('unknown')).toEqual([]);
    await store.close();
  });

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
});
