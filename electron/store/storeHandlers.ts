import type { StoreChannelName } from '../../src/shared/ipcContract.js';
import type { MeasurementStore } from '../../src/core/store/MeasurementStore.js';
import { IpcFailure } from '../ipc/ipcFailure.js';
import type { IpcHandlers } from '../ipc/ipcRegistry.js';

export type StoreHandlers = Pick<IpcHandlers, StoreChannelName>;

/**
 * The measurement-store channels over the store main opened at startup. `opening` is awaited per
 * call, so a store that failed to open (native module missing, database from a newer app) leaves
 * viewing working and answers every store call with IO_ERROR and the reason, never silently.
 */
/** The segmentation methods of a store; the SQLite store always has them (they are optional in the shared interface). */
function segmentations(store: MeasurementStore): Required<Pick<MeasurementStore, 'saveSegmentation' | 'deleteSegmentation' | 'listSegmentations'>> {
  const { saveSegmentation, deleteSegmentation, listSegmentations } = store;
  if (!saveSegmentation || !deleteSegmentation || !listSegmentations) throw new IpcFailure('IO_ERROR', 'measurement store does not keep segmentations');
  return { saveSegmentation: saveSegmentation.bind(store), deleteSegmentation: deleteSegmentation.bind(store), listSegmentations: listSegmentations.bind(store) };
}

export function createStoreHandlers(opening: Promise<MeasurementStore>): StoreHandlers {
  async function store(): Promise<MeasurementStore> {
    try {
      return await opening;
    } catch (error) {
      throw new IpcFailure('IO_ERROR', `measurement store unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return {
    'store:saveRoi': async ({ key, roi, reader, measured }) => (await store()).saveRoi(key, roi, reader, measured),
    'store:deleteRoi': async ({ id, reader }) => (await store()).deleteRoi(id, reader),
    'store:listRois': async ({ scope }) => (await store()).listRois(scope),
    'store:saveMeasurement': async ({ measurement, reader }) => (await store()).saveMeasurement(measurement, reader),
    'store:deleteMeasurement': async ({ id, reader }) => (await store()).deleteMeasurement(id, reader),
    'store:listMeasurements': async ({ scope }) => (await store()).listMeasurements(scope),
    'store:history': async ({ id }) => (await store()).history(id),
    'store:saveSegmentation': async ({ segmentation, reader }) => segmentations(await store()).saveSegmentation(segmentation, reader),
    'store:deleteSegmentation': async ({ id, reader }) => segmentations(await store()).deleteSegmentation(id, reader),
    'store:listSegmentations': async ({ scope }) => segmentations(await store()).listSegmentations(scope),
  };
}
