import type { StoreChannelName } from '../../src/shared/ipcContract.js';
import type { MeasurementStore } from '../../src/core/store/MeasurementStore.js';
import type { ReadInput } from '../../src/core/store/records.js';
import { IpcFailure } from '../ipc/ipcFailure.js';
import { StoreLockedError } from './storeErrors.js';
import type { IpcHandlers } from '../ipc/ipcRegistry.js';

export type StoreHandlers = Pick<IpcHandlers, StoreChannelName>;

/**
 * The measurement-store channels over the store main opened at startup. `opening` is awaited per
 * call, so a store that failed to open (native module missing, database from a newer app) leaves
 * viewing working and answers every store call with IO_ERROR and the reason, never silently.
 */
/** The read methods of a store; the SQLite store always has them (they are optional in the shared interface). */
function reads(store: MeasurementStore): Required<Pick<MeasurementStore, 'saveRead' | 'listReads'>> {
  const { saveRead, listReads } = store;
  if (!saveRead || !listReads) throw new IpcFailure('IO_ERROR', 'measurement store does not keep trial reads');
  return { saveRead: saveRead.bind(store), listReads: listReads.bind(store) };
}

/** The segmentation methods of a store; the SQLite store always has them (they are optional in the shared interface). */
function segmentations(store: MeasurementStore): Required<Pick<MeasurementStore, 'saveSegmentation' | 'deleteSegmentation' | 'listSegmentations'>> {
  const { saveSegmentation, deleteSegmentation, listSegmentations } = store;
  if (!saveSegmentation || !deleteSegmentation || !listSegmentations) throw new IpcFailure('IO_ERROR', 'measurement store does not keep segmentations');
  return { saveSegmentation: saveSegmentation.bind(store), deleteSegmentation: deleteSegmentation.bind(store), listSegmentations: listSegmentations.bind(store) };
}

/** The integrity methods of a store; the SQLite store always has them (optional in the shared interface). */
function integrity(store: MeasurementStore): Required<Pick<MeasurementStore, 'status' | 'verify'>> {
  const { status, verify } = store;
  if (!status || !verify) throw new IpcFailure('IO_ERROR', 'measurement store keeps no audit chain');
  return { status: status.bind(store), verify: verify.bind(store) };
}

/** A lock held by another connection reaches the renderer as STORE_LOCKED with its message, not as INTERNAL. */
async function typed<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof StoreLockedError) throw new IpcFailure('STORE_LOCKED', error.message);
    throw error;
  }
}

export function createStoreHandlers(opening: Promise<MeasurementStore>): StoreHandlers {
  async function store(): Promise<MeasurementStore> {
    try {
      return await opening;
    } catch (error) {
      if (error instanceof StoreLockedError) throw new IpcFailure('STORE_LOCKED', error.message);
      throw new IpcFailure('IO_ERROR', `measurement store unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return {
    'store:saveRoi': async ({ key, roi, reader, measured }) => typed((await store()).saveRoi(key, roi, reader, measured)),
    'store:deleteRoi': async ({ id, reader }) => typed((await store()).deleteRoi(id, reader)),
    'store:listRois': async ({ scope }) => typed((await store()).listRois(scope)),
    'store:saveMeasurement': async ({ measurement, reader }) => typed((await store()).saveMeasurement(measurement, reader)),
    'store:deleteMeasurement': async ({ id, reader }) => typed((await store()).deleteMeasurement(id, reader)),
    'store:listMeasurements': async ({ scope }) => typed((await store()).listMeasurements(scope)),
    'store:history': async ({ id }) => typed((await store()).history(id)),
    'store:saveSegmentation': async ({ segmentation, reader }) => typed(segmentations(await store()).saveSegmentation(segmentation, reader)),
    'store:deleteSegmentation': async ({ id, reader }) => typed(segmentations(await store()).deleteSegmentation(id, reader)),
    'store:listSegmentations': async ({ scope }) => typed(segmentations(await store()).listSegmentations(scope)),
    'store:saveRead': async ({ read, reader }) => typed(reads(await store()).saveRead(read as ReadInput, reader)),
    'store:listReads': async ({ scope }) => typed(reads(await store()).listReads(scope)),
    'store:status': async () => typed(integrity(await store()).status()),
    'store:verify': async () => typed(integrity(await store()).verify()),
  };
}
