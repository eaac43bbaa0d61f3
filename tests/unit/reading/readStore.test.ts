import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { caseKey, readId } from '../../../src/core/reading/readId';
import type { ReadInput } from '../../../src/core/store/records';
import { emptyHtRead } from '../../../src/core/trial/htRead';
import { openBrowserStore } from '../../../src/platform/browserStore';
import { dwiKey, ellipseRoi } from '../store/fixtures';

const factory = new IDBFactory();

describe('trial reads in the web build store', () => {
  it('keeps each reader apart, audits every change under its signer, and the chain still checks out', async () => {
    let t = 0;
    const store = await openBrowserStore(factory, 'reads-1', () => `2026-01-01T00:00:0${t++}.000Z`);
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
