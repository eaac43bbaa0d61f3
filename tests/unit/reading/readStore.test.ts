import BetterSqlite3 from 'better-sqlite3';
import { IDBFactory } from 'fake-indexeddb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../electron/store/sqliteStore';
import type { MeasurementStore } from '../../../src/core/store/MeasurementStore';
import { caseKey, readId } from '../../../src/core/reading/readId';
import type { ReadInput } from '../../../src/core/store/records';
import { emptyHtRead } from '../../../src/core/trial/htRead';
import { openBrowserStore } from '../../../src/platform/browserStore';
import { dwiKey, ellipseRoi } from '../store/fixtures';

const factory = new IDBFactory();
const tmp = mkdtempSync(join(tmpdir(), 'dti-reads-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const hosts: [string, (now: () => string) => Promise<MeasurementStore>][] = [
  ['IndexedDB (web build)', (now) => openBrowserStore(factory, 'reads-1', now)],
  ['SQLite (desktop)', (now) => openSqliteStore(join(tmp, 'reads.sqlite'), { now })],
];

describe.each(hosts)('trial reads in the %s store', (_name, open) => {
  it('keeps each reader apart, audits every change under its signer, and the chain still checks out', async () => {
    let t = 0;
    const store = await open(() => `2026-01-01T00:00:0${t++}.000Z`);
    await store.saveRoi(dwiKey, ellipseRoi('r'), 'A');
    const study = dwiKey.studyInstanceUID;
    const a: ReadInput = { id: readId(study, 'reader', 'A'), key: caseKey(study), role: 'reader', reader: 'A', read: { ...emptyHtRead(), heidelberg: ['1a'] } };
    const b: ReadInput = { ...a, id: readId(study, 'reader', 'B'), reader: 'B', read: { ...emptyHtRead(), heidelberg: ['1b'] } };
    await store.saveRead!(a, 'A');
    await store.saveRead!(b, 'B');
    await store.saveRead!({ ...a, read: { ...a.read, side: 'left' } }, 'A');
    await store.saveRead!({ ...a, read: { ...a.read, side: 'left' } }, 'A'); // same content: no audit row
    const listed = await store.listReads!({ studyInstanceUID: study });
    expect(listed.map((r) => [r.reader, r.read.heidelberg, r.read.side, r.createdBy, r.updatedBy])).toEqual([
      ['A', ['1a'], 'left', 'A', 'A'],
      ['B', ['1b'], null, 'B', 'B'],
    ]);
    expect(await store.listReads!({ studyInstanceUID: 'other' })).toEqual([]);
    const history = await store.history(a.id);
    expect(history.map((h) => [h.entity, h.action, h.reader])).toEqual([
      ['read', 'create', 'A'],
      ['read', 'update', 'A'],
    ]);
    expect(history[1].before).toMatchObject({ read: { side: null } });
    const report = await store.verify!();
    expect(report.ok).toBe(true);
    expect(report.records).toBe(3);
    await store.close();
  });
});

describe('SQLite reads table', () => {
  it('refuses a hard delete of a read and keeps audit rows append-only', async () => {
    const path = join(tmp, 'hard.sqlite');
    const store = await openSqliteStore(path);
    const study = dwiKey.studyInstanceUID;
    await store.saveRead!({ id: readId(study, 'consensus', 'ADJ'), key: caseKey(study), role: 'consensus', reader: 'ADJ', read: emptyHtRead() }, 'ADJ');
    await store.close();
    const raw = new BetterSqlite3(path);
    expect(() => raw.prepare('DELETE FROM reads').run()).toThrow('reads are soft-deleted');
    expect(() => raw.prepare(`UPDATE audit SET reader = 'x'`).run()).toThrow('audit rows are append-only');
    expect(raw.prepare('SELECT read_id FROM audit').pluck().all()).toEqual([`consensus:${study}`]);
    raw.close();
  });
});
