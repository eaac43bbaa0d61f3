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
export function createStoreHandlers(opening: Promise<MeasurementStore>): StoreHandlers {
  async function store(): Promise<MeasurementStore> {
    try {
      return await opening;
    } catch (error) {
      throw new IpcFailure('IO_ERROR', `measurement store unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return {
    'store:saveRoi': async ({ key, roi, reader }) => (await store()).saveRoi(key, roi, reader),
    'store:deleteRoi': async ({ id, reader }) => (await store()).deleteRoi(id, reader),
    'store:listRois': async ({ scope }) => (await store()).listRois(scope),
    'store:saveMeasurement': async ({ measurement, reader }) => (await store()).saveMeasurement(measurement, reader),
    'store:deleteMeasurement': async ({ id, reader }) => (await store()).deleteMeasurement(id, reader),
    'store:listMeasurements': async ({ scope }) => (await store()).listMeasurements(scope),
    'store:history': async ({ id }) => (await store()).history(id),
  };
}
