/**
 * Browser Web Worker entry for the DTI pool: a thin adapter over the slab kernel.
 * Spawned by dtiPool.ts as a module worker.
 */
import { handleFitSlabRequest, type FitSlabRequest } from './dtiProtocol';

self.onmessage = (event: MessageEvent<FitSlabRequest>) => {
  handleFitSlabRequest(event.data, (reply, transfer) => self.postMessage(reply, { transfer }));
};
