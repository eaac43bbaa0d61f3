import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openBrowserStore } from '../../../src/platform/browserStore';
import { abc2Measurement, dwiKey, ellipseRoi, lesionSegmentation } from './fixtures';

/** The audit hash chain of the web build's IndexedDB store (fake-indexeddb), hashed with WebCrypto. */

const factory = new IDBFactory();
let n = 0;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Raw access to the database behind the store's back (another script, devtools). */
async function raw(name: string, change: (tx: IDBTransaction) => void, stores = ['rois', 'measurements', 'segmentations', 'audit']): Promise<void> {
  const db = await request(factory.open(name));
  const tx = db.transaction(stores, 'readwrite');
  change(tx);
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

async function storeWithHistory(name: string) {
  const store = await openBrowserStore(factory, name);
  await store.saveRoi(dwiKey, ellipseRoi('roi-1'), 'Dr A');
  await store.saveMeasurement(abc2Measurement('m-abc'), 'Dr A');
  await store.saveMeasurement({ ...abc2Measurement('m-abc'), name: 'Lesion' }, 'Dr B');
  await store.saveSegmentation!(lesionSegmentation('seg-1'), 'Dr A');
  await store.deleteRoi('roi-1', 'Dr A');
  await store.saveRoi(dwiKey, ellipseRoi('roi-1'), 'Dr A');
  return store;
}

describe('IndexedDB audit hash chain', () => {
  it('every write path appends a chained row; the chain verifies and the status has no notice', async () => {
    const store = await storeWithHistory(`chain-${n++}`);
    const report = await store.verify!();
    expect(report).toMatchObject({ ok: true, auditRows: 6, records: 3, problem: null });
    expect(report.head).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.status!()).toMatchObject({ chain: { ok: true }, notices: [], recovery: null });
    await store.close();
  });

  it('a measurement record changed behind the store is detected, naming the value; the status tells the reader', async () => {
    const name = `chain-${n++}`;
    await (await storeWithHistory(name)).close();
    await raw(name, (tx) => {
      const measurements = tx.objectStore('measurements');
      measurements.get('m-abc').onsuccess = (event) => {
        const row = (event.target as IDBRequest).result as { json: string };
        measurements.put({ ...row, json: row.json.replace('"volumeMl":15', '"volumeMl":51') });
      };
    });
    const store = await openBrowserStore(factory, name);
    const report = await store.verify!();
    expect(report.problem).toEqual({ seq: 3, entity: 'measurement', entityId: 'm-abc', what: 'row differs from the state audited at row 3: content payload.volumeMl: audited 15, stored 51' });
    const status = await store.status!();
    expect(status.notices).toEqual([expect.stringContaining('audit chain BROKEN at audit row 3 (measurement m-abc)')]);
    await store.close();
  });

  it('an audit row changed behind the store breaks the chain at that row', async () => {
    const name = `chain-${n++}`;
    await (await storeWithHistory(name)).close();
    await raw(name, (tx) => {
      const audit = tx.objectStore('audit');
      audit.get(2).onsuccess = (event) => audit.put({ ...(event.target as IDBRequest).result, reader: 'Dr Mallory' });
    });
    const store = await openBrowserStore(factory, name);
    expect((await store.verify!()).problem).toMatchObject({ seq: 2, entity: 'measurement', entityId: 'm-abc' });
    await store.close();
  });

  it('audit rows written before the chain are sealed at open, and later edits chain after them', async () => {
    const name = `legacy-${n++}`;
    // The version-2 layout as the previous app wrote it: no hashes.
    const open = factory.open(name, 2);
    open.onupgradeneeded = () => {
      const db = open.result;
      db.createObjectStore('rois', { keyPath: 'id' });
      db.createObjectStore('measurements', { keyPath: 'id' });
      db.createObjectStore('audit', { keyPath: 'seq', autoIncrement: true }).createIndex('byEntity', 'entityId');
      db.createObjectStore('segmentations', { keyPath: 'id' });
    };
    (await request(open)).close();
    const json = JSON.stringify({ key: dwiKey, roi: ellipseRoi('roi-old') });
    await raw(name, (tx) => {
      tx.objectStore('rois').put({ id: 'roi-old', key: dwiKey, json, rank: 1, createdBy: 'Dr Old', updatedBy: 'Dr Old', createdAt: 't0', updatedAt: 't0', deletedAt: null });
      tx.objectStore('audit').add({ entity: 'roi', entityId: 'roi-old', action: 'create', reader: 'Dr Old', at: 't0', before: null, after: json });
    }, ['rois', 'audit']);

    const store = await openBrowserStore(factory, name);
    expect(await store.verify!()).toMatchObject({ ok: true, auditRows: 1, records: 1 });
    await store.saveRoi(dwiKey, ellipseRoi('roi-old', { name: 'Renamed' }), 'Dr New');
    expect((await store.history('roi-old')).map((h) => [h.seq, h.action])).toEqual([[1, 'create'], [2, 'update']]);
    expect(await store.verify!()).toMatchObject({ ok: true, auditRows: 2, records: 1 });
    await store.close();
  });

  it('two tabs writing at once both land, each chained after the other', async () => {
    const name = `tabs-${n++}`;
    const tabA = await openBrowserStore(factory, name);
    const tabB = await openBrowserStore(factory, name);
    await Promise.all([
      tabA.saveRoi(dwiKey, ellipseRoi('a1'), 'Dr A'),
      tabB.saveRoi(dwiKey, ellipseRoi('b1'), 'Dr B'),
      tabA.saveMeasurement(abc2Measurement('a2'), 'Dr A'),
      tabB.saveMeasurement(abc2Measurement('b2'), 'Dr B'),
    ]);
    expect((await tabA.listRois(dwiKey)).map((r) => r.roi.id).sort()).toEqual(['a1', 'b1']);
    expect(await tabB.verify!()).toMatchObject({ ok: true, auditRows: 4, records: 4 });
    await tabA.close();
    await tabB.close();
  });
});
