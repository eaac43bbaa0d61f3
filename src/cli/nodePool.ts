import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import type { Volume4D } from '../core/dicom/types';
import type { DiffusionData } from '../core/dti/fitPlan';
import { volumeToDiffusionData } from '../core/dti/fitVolume';
import type { DtiMaps } from '../core/dti/types';
import type { FitSlabReply } from '../workers/dtiProtocol';
import { runFitPool, type PoolFitOptions, type PoolWorker } from '../workers/fitPool';

/**
 * The DTI slab kernel on Node worker_threads, for the CLI and benchmarks. The worker entry is
 * bundled from source with esbuild on first use (TypeScript cannot be loaded by a bare Worker,
 * and tsx / vitest loaders do not reach worker threads) and run as an eval'd CommonJS script.
 */

const WORKER_ENTRY = `
import { parentPort } from 'node:worker_threads';
import { handleFitSlabRequest } from './dtiProtocol';
parentPort.on('message', (req) => handleFitSlabRequest(req, (reply, transfer) => parentPort.postMessage(reply, transfer)));
`;

let bundled: Promise<string> | null = null;

/** The worker script, bundled once per process. */
function workerSource(): Promise<string> {
  bundled ??= build({
    stdin: { contents: WORKER_ENTRY, resolveDir: resolve(dirname(fileURLToPath(import.meta.url)), '../workers'), loader: 'ts' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0].text);
  return bundled;
}

/** A pool worker on a Node thread; `exited` settles with the exit code once the thread is gone. */
export type NodePoolWorker = PoolWorker & { exited: Promise<number> };

/** Factory of worker-thread pool workers (bundles the worker script on first call). */
export async function nodeWorkerSpawner(): Promise<() => NodePoolWorker> {
  const source = await workerSource();
  return () => {
    const worker = new Worker(source, { eval: true });
    const exited = new Promise<number>((res) => worker.once('exit', res));
    return {
      post: (req, transfer) => worker.postMessage(req, transfer),
      onReply: (cb) => worker.on('message', (reply: FitSlabReply) => cb(reply)),
      onFailure: (cb) => {
        worker.on('error', cb);
        worker.on('exit', (code) => {
          if (code !== 0) cb(new Error(`DTI worker exited with code ${code}`));
        });
      },
      terminate: () => void worker.terminate(),
      exited,
    };
  };
}

/** Tensor fit of diffusion data (gradients in the output frame) on `workers` threads (default: all cores). */
export async function fitDiffusionDataOnThreads(
  input: DiffusionData,
  opts: PoolFitOptions,
  workers = availableParallelism(),
): Promise<DtiMaps> {
  return runFitPool(input, opts, await nodeWorkerSpawner(), workers);
}

/** Tensor fit of a Volume4D on worker threads; V1 / colour FA in its voxel axes. */
export function fitVolumeOnThreads(volume: Volume4D, opts: PoolFitOptions, workers?: number): Promise<DtiMaps> {
  return fitDiffusionDataOnThreads(volumeToDiffusionData(volume), opts, workers);
}
