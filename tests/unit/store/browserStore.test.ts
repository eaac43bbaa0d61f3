import { IDBFactory } from 'fake-indexeddb';
import { openBrowserStore } from '../../../src/platform/browserStore';
import { describeStoreContract } from './storeContract';

/** One in-memory IndexedDB for the file (fake-indexeddb); each test uses its own database name. */
const factory = new IDBFactory();
let n = 0;

describeStoreContract('IndexedDB', (name, now) => openBrowserStore(factory, name, now), () => `measurements-${n++}`);
