import type { Estimator } from '../core/dti/types';
import { handleDtiRequest } from './dtiProtocol';
import { warmUpMasks, warmUpSlab } from './warmUpRequests';

/**
 * Runs the warm-up requests (warmUpRequests.ts) on this thread, replies discarded: the CLI's threads
 * do it while the folder is read. `mask`: the brain-mask warm-up too (only the thread that will make
 * the masks needs it).
 *
 * The runs must look to V8 exactly like real requests, or the first real one throws the optimised
 * code away ("code dependencies" deoptimisation) and runs slowly while it is recompiled: so each
 * request goes through structured cloning with its buffers transferred and the reply's buffers are
 * transferred too (detaching a buffer invalidates code compiled while none ever was).
 */
export function warmUpKernel(estimator: Estimator, mask = true): void {
  const slab = warmUpSlab(estimator);
  handleDtiRequest(structuredClone(slab, { transfer: [slab.signals.buffer as ArrayBuffer] }), (reply, transfer) => void structuredClone(reply, { transfer }));
  if (!mask) return;
  for (const req of warmUpMasks()) {
    handleDtiRequest(structuredClone(req), (reply, transfer) => void structuredClone(reply, { transfer }));
  }
}
