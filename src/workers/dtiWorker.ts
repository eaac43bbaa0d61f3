/**
 * Browser Web Worker entry for the DTI pool: a thin adapter over the slab kernel.
 * Spawned by dtiPool.ts as a module worker, which first asks it to warm up (WarmUpMessage).
 */
import { handleDtiRequest, type DtiRequest } from './dtiProtocol';
import { warmUpKernel, type WarmUpMessage } from './warmUpKernel';
import { WARM_UP_FULL } from './warmUpRequests';

self.onmessage = (event: MessageEvent<DtiRequest | WarmUpMessage>) => {
  const msg = event.data;
  // Started with the app, long before a fit: the full warm-up (see WARM_UP_FULL).
  if (msg.type === 'warm-up') warmUpKernel(msg.estimator, msg.mask, WARM_UP_FULL);
  else handleDtiRequest(msg, (reply, transfer) => self.postMessage(reply, { transfer }));
};
