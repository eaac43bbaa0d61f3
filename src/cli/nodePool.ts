import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Volume4D } from '../core/dicom/types';
import type { DiffusionData } from '../core/dti/fitPlan';
import { volumeToDiffusionData } from '../core/dti/fitVolume';
import type { DtiMaps, Estimator } from '../core/dti/types';
import type { FitSlabReply } from '../workers/dtiProtocol';
import { runFitPool, type PoolFitOptions, type PoolWorker } from '../workers/fitPool';
import { threadScript } from '../node/threadScript';

/**
 * The DTI slab kernel on Node worker_threads, for the CLI and benchmarks. The thread entry
 * (src/workers/nodeDtiThread.ts) runs as an eval'd CommonJS script: TypeScript cannot be loaded by
 * a bare Worker, and tsx / vitest loaders do not reach worker threads. The bundled CLI
 * (scripts/build-cli.mjs) carries that script prebuilt; from source it is bundled with esbuild on
 * first use. Threads outlive a fit (see `idle`), so only the first fit of a process pays their start-up.
 */

/** The thread script, inlined by scripts/build-cli.mjs (esbuild `define`); undefined when running from source. */
declare const __DTI_THREAD_SCRIPT__: string | undefined;

/** The worker script: prebuilt in the CLI bundle, else bundled once per process (src/node/threadScript). */
function workerSource(): Promise<string> {
  return threadScript('workers/nodeDtiThread.ts', typeof __DTI_THREAD_SCRIPT__ === 'string' ? __DTI_THREAD_SCRIPT__ : undefined);
}

/** A pool worker on a Node thread; `exited` settles with the exit code once the thread is gone. */
export type NodePoolWorker = PoolWorker & { exited: Promise<number> };

/** A worker thread and whether it still runs. */
interface Thread {
  worker: Worker;
  exited: Promise<number>;
  alive: boolean;
}

/**
 * Threads whose fit finished cleanly, kept (unref'd: they never hold the process open) so the
 * next fit skips thread start-up and runs already-optimised code.
 */
const idle: Thread[] = [];

/**
 * `warmUp`: the thread first optimises the kernel for this estimator on synthetic data (see
 * warmUpKernel), and the brain mask too when `warmMask`.
 */
function startThread(source: string, warmUp: Estimator | null = null, warmMask = true): Thread {
  const worker = new Worker(source, { eval: true, workerData: { warmUp, warmMask } });
  const thread: Thread = { worker, exited: new Promise<number>((res) => worker.once('exit', res)), alive: true };
  worker.once('exit', () => (thread.alive = false));
  return thread;
}

/** One fit's view of a thread: the listeners it adds are removed again on release. */
function lease(thread: Thread): NodePoolWorker {
  const { worker } = thread;
  worker.ref();
  type Listener = Parameters<Worker['off']>[1];
  const added: [string, Listener][] = [];
  const on = (event: string, fn: Listener): void => {
    worker.on(event, fn);
    added.push([event, fn]);
  };
  return {
    post: (req, transfer) => worker.postMessage(req, transfer),
    onReply: (cb) => on('message', (reply: FitSlabReply) => cb(reply)),
    onFailure: (cb) => {
      on('error', cb);
      on('exit', (code: number) => {
        if (code !== 0) cb(new Error(`DTI worker exited with code ${code}`));
      });
    },
    terminate: () => void worker.terminate(),
    release: () => {
      for (const [event, fn] of added) worker.off(event, fn);
      worker.unref();
      if (thread.alive) idle.push(thread);
    },
    exited: thread.exited,
  };
}

/**
 * Starts threads in the background (bundling first if needed) so that they are up, with the
 * kernel already optimised for `estimator` (null: no warm-up), by the time a fit asks for them: the CLI calls it before reading the
 * DICOM folder. Failures are left to the fit itself, which awaits the same bundle and reports its error.
 */
export function prestartThreads(count: number, estimator: Estimator | null): void {
  workerSource().then(
    (source) => {
      for (let i = idle.length; i < count; i++) {
        // Only the first thread warms the mask: fits lease idle threads last-in first-out and give
        // the mask to their last worker, which is this one (the others' mask warm-up would only take
        // CPU from the folder being read).
        const thread = startThread(source, estimator, i === 0);
        thread.worker.unref();
        idle.push(thread);
      }
    },
    () => undefined,
  );
}

/** Factory of worker-thread pool workers (bundles the worker script on first call); reuses idle threads first. */
export async function nodeWorkerSpawner(): Promise<() => NodePoolWorker> {
  const source = await workerSource();
  return () => {
    let thread = idle.pop();
    while (thread && !thread.alive) thread = idle.pop();
    return lease(thread ?? startThread(source));
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
