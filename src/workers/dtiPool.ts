import type { Volume4D } from '../core/dicom/types';
import { volumeToDiffusionData } from '../core/dti/fitVolume';
import type { DtiMaps } from '../core/dti/types';
import type { FitSlabReply } from './dtiProtocol';
import { runFitPool, type PoolFitOptions, type PoolWorker } from './fitPool';

/** A browser module worker running dtiWorker.ts, behind the pool's worker interface. */
function spawnBrowserWorker(): PoolWorker {
  const worker = new Worker(new URL('./dtiWorker.ts', import.meta.url), { type: 'module' });
  return {
    post: (req, transfer) => worker.postMessage(req, transfer),
    onReply: (cb) => worker.addEventListener('message', (e: MessageEvent<FitSlabReply>) => cb(e.data)),
    onFailure: (cb) => {
      worker.addEventListener('error', (e) => cb(new Error(`DTI worker error: ${e.message || 'failed to load'}`)));
      worker.addEventListener('messageerror', () => cb(new Error('DTI worker could not read a message')));
    },
    terminate: () => worker.terminate(),
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
