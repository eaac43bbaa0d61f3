import type { Estimator } from '../core/dti/types';
import { handleDtiRequest } from './dtiProtocol';
import { WARM_UP_BRIEF, warmUpMasks, warmUpSlab, type WarmUpSize } from './warmUpRequests';

/** Pool → browser DTI worker: run warmUpKernel on yourself (the data is made there, not copied over). */
export interface WarmUpMessage {
  type: 'warm-up';
  estimator: Estimator;
  mask: boolean;
}

/**
 * Runs the warm-up requests (warmUpRequests.ts) of `size` on this thread, replies discarded: the
 * CLI's threads do it while the folder is read, browser workers when the app starts. `mask`: the
 * brain-mask warm-up too (only the thread that will make the masks needs it).
 *
 * The runs must look to V8 exactly like real requests, or the first real one throws the optimised
 * code away ("code dependencies" deoptimisation) and runs slowly while it is recompiled: so each
 * request goes through structured cloning with its buffers transferred (or shared, like a shared
 * volume's) and the reply's buffers are transferred too (detaching a buffer invalidates code compiled
 * while none ever was).
 */
export function warmUpKernel(estimator: Estimator, mask = true, size: WarmUpSize = WARM_UP_BRIEF): void {
  const slab = warmUpSlab(estimator, size);
  const transfer = slab.signals.buffer instanceof ArrayBuffer ? [slab.signals.buffer] : [];
  handleDtiRequest(structuredClone(slab, { transfer }), (reply, replyTransfer) => void structuredClone(reply, { transfer: replyTransfer }));
  if (!mask) return;
  for (const req of warmUpMasks(size)) {
    handleDtiRequest(structuredClone(req), (reply, transfer) => void structuredClone(reply, { transfer }));
  }
}
