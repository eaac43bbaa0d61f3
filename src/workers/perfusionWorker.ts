/**
 * Browser Web Worker entry of the perfusion pool: a thin adapter over src/core/perfusion
 * (handlePerfusionRequest). Spawned by perfusionPool.ts as a module worker.
 */
import { handlePerfusionRequest, type PerfusionRequest } from './perfusionProtocol';

self.onmessage = (event: MessageEvent<PerfusionRequest>) => {
  handlePerfusionRequest(event.data, (reply, transfer) => self.postMessage(reply, { transfer }));
};
