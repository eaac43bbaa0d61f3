import type { Volume4D } from '../core/dicom/types';
import { volumeToDiffusionData } from '../core/dti/fitVolume';
import type { DtiMaps } from '../core/dti/types';
import type { FitSlabReply } from './dtiProtocol';
import { runFitPool, type PoolFitOptions, type PoolWorker } from './fitPool';

/**
 * Workers whose fit finished cleanly, kept for the next fit: re-fitting (another estimator or
 * mask) then skips module loading and runs already-optimised code.
 */
const idle: Worker[] = [];

/** One fit's view of a browser module worker running dtiWorker.ts; its listeners go on release. */
function spawnBrowserWorker(): PoolWorker {
  const worker = idle.pop() ?? new Worker(new URL('./dtiWorker.ts', import.meta.url), { type: 'module' });
  const controller = new AbortController();
  const { signal } = controller;
  return {
    post: (req, transfer) => worker.postMessage(req, transfer),
    onReply: (cb) => worker.addEventListener('message', (e: MessageEvent<FitSlabReply>) => cb(e.data), { signal }),
    onFailure: (cb) => {
      worker.addEventListener('error', (e) => cb(new Error(`DTI worker error: ${e.message || 'failed to load'}`)), { signal });
      worker.addEventListener('messageerror', () => cb(new Error('DTI worker could not read a message')), { signal });
    },
    terminate: () => {
      controller.abort();
      worker.terminate();
    },
    release: () => {
      controller.abort();
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
