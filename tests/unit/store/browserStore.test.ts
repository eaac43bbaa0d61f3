import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { lazyStore } from '../../../src/core/store/lazyStore';
import { openBrowserStore } from '../../../src/platform/browserStore';
import { dwiKey, ellipseRoi } from './fixtures';
import { describeStoreContract } from './storeContract';

/** One in-memory IndexedDB for the file (fake-indexeddb); each test uses its own database name. */
const factory = new IDBFactory();
let n = 0;

describeStoreContract('IndexedDB', (name, now) => openBrowserStore(factory, name, now), () => `measurements-${n++}`);

describe('lazy store (Platform.store of the web build)', () => {
  it('opens the database once, on first use, and serves the same data', async () => {
    let opens = 0;
    const store = lazyStore(() => {
      opens++;
      return openBrowserStore(factory, 'lazy');
    });
    expect(opens).toBe(0);
    await Promise.all([store.saveRoi(dwiKey, ellipseRoi('a'), 'Dr A'), store.saveRoi(dwiKey, ellipseRoi('b'), 'Dr A')]);
    expect((await store.listRois(dwiKey)).map((s) => s.roi.id).sort()).toEqual(['a', 'b']);
    expect(opens).toBe(1);
    await store.close();
  });

  it('rejects every call with the reason the database could not open', async () => {
    const store = lazyStore(() => Promise.reject(new Error('IndexedDB disabled (private window)')));
    await expect(store.listRois(dwiKey)).rejects.toThrow('IndexedDB disabled (private window)');
    await expect(store.history('a')).rejects.toThrow('IndexedDB disabled (private window)');
  });
});
