/**
 * Browser Web Worker entry for the DTI pool: a thin adapter over the slab kernel.
 * Spawned by dtiPool.ts as a module worker.
 */
import { handleDtiRequest, type DtiRequest } from './dtiProtocol';

self.onmessage = (event: MessageEvent<DtiRequest>) => {
  handleDtiRequest(event.data, (reply, transfer) => self.postMessage(reply, { transfer }));
};
