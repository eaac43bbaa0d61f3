import type { Volume4D } from '../core/dicom/types';
import { volumeToDiffusionData } from '../core/dti/fitVolume';
import type { DtiMaps, Estimator } from '../core/dti/types';
import type { FitSlabReply } from './dtiProtocol';
import { runFitPool, type PoolFitOptions, type PoolWorker } from './fitPool';
import type { WarmUpMessage } from './warmUpKernel';

/**
 * Workers whose fit finished cleanly, or started ahead of one (`prestartDtiWorkers`), kept for the
 * next fit: it then skips module loading and runs already-optimised code.
 */
const idle: Worker[] = [];
/** Workers a fit holds now: prestarting counts them, so a fit running meanwhile does not leave extra workers idle afterwards. */
let inUse = 0;

const newWorker = (): Worker => new Worker(new URL('./dtiWorker.ts', import.meta.url), { type: 'module' });

/**
 * Starts DTI workers until `count` are idle or held by a fit, each warming up its kernel on
 * synthetic data for `estimator` (made in the worker: WarmUpMessage), so that a fit requested soon
 * after (the user picked a DWI series) finds loaded, optimised workers. Only the first idle worker
 * warms the brain mask too: fits take idle workers last-in first-out and give the mask to their last
 * worker, which is that one. A fit may take a worker before its warm-up ends: its requests queue
 * behind it, and the warm-up answers nothing.
 */
export function prestartDtiWorkers(estimator: Estimator, count = navigator.hardwareConcurrency || 1): void {
  while (idle.length + inUse < count) {
    const worker = newWorker();
    // A worker that cannot start is never handed to a fit (one already holding it gets the error too).
    worker.addEventListener('error', () => {
      const at = idle.indexOf(worker);
      if (at >= 0) idle.splice(at, 1);
      worker.terminate();
    });
    const warmUp: WarmUpMessage = { type: 'warm-up', estimator, mask: idle.length === 0 && inUse === 0 };
    worker.postMessage(warmUp);
    idle.push(worker);
  }
}

/** One fit's view of a browser module worker running dtiWorker.ts; its listeners go on release. */
function spawnBrowserWorker(): PoolWorker {
  const worker = idle.pop() ?? newWorker();
  inUse++;
  const controller = new AbortController();
  const { signal } = controller;
  // A fit may both terminate and release a worker (or either twice): it stops counting once.
  let held = true;
  const letGo = (): void => {
    if (held) inUse--;
    held = false;
    controller.abort();
  };
  return {
    post: (req, transfer) => worker.postMessage(req, transfer),
    onReply: (cb) => worker.addEventListener('message', (e: MessageEvent<FitSlabReply>) => cb(e.data), { signal }),
    onFailure: (cb) => {
      worker.addEventListener('error', (e) => cb(new Error(`DTI worker error: ${e.message || 'failed to load'}`)), { signal });
      worker.addEventListener('messageerror', () => cb(new Error('DTI worker could not read a message')), { signal });
    },
    terminate: () => {
      letGo();
      worker.terminate();
    },
    release: () => {
      if (!held) return;
      letGo();
      idle.push(worker);
    },
  };
}

/**
 * Tensor fit of a Volume4D in the renderer on one Web Worker per logical core
 * (navigator.hardwareConcurrency, at least 1). Progress reports the fraction of masked voxels done
 * and an ETA; `opts.signal` cancels (workers terminated, promise rejected with AbortError).
 */
export function fitVolumeInWorkers(volume: Volume4D, opts: PoolFitOptions, workers = navigator.hardwareConcurrency || 1): Promise<DtiMaps> {
  return runFitPool(volumeToDiffusionData(volume), opts, spawnBrowserWorker, Math.max(1, workers));
}
