import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PerfusionResult } from '../core/perfusion/perfusionMaps';
import type { PerfusionOptions } from '../core/perfusion/perfusionOptions';
import type { PerfusionReply } from '../workers/perfusionProtocol';
import { runPerfusionPool, type PerfusionControl, type PerfusionVolume, type PerfusionWorker } from '../workers/perfusionRun';
import { threadScript } from '../node/threadScript';

/**
 * The perfusion pool on Node worker_threads, for the CLI and benchmarks (the browser's is
 * src/workers/perfusionPool.ts). The thread entry (src/workers/nodePerfusionThread.ts) runs as an
 * eval'd CommonJS script, prebuilt in the CLI bundle (scripts/build-cli.mjs) or bundled with
 * esbuild on first use from source, as the DTI pool's (nodePool.ts).
 */

/** The thread script, inlined by scripts/build-cli.mjs (esbuild `define`); undefined when running from source. */
declare const __PERFUSION_THREAD_SCRIPT__: string | undefined;

/** The worker script: prebuilt in the CLI bundle, else bundled once per process (src/node/threadScript). */
function threadSource(): Promise<string> {
  return threadScript('workers/nodePerfusionThread.ts', typeof __PERFUSION_THREAD_SCRIPT__ === 'string' ? __PERFUSION_THREAD_SCRIPT__ : undefined);
}

/** Threads of a finished computation, unref'd (they never hold the process open), for the next one. */
const idle: Worker[] = [];

function lease(worker: Worker): PerfusionWorker {
  worker.ref();
  type Listener = Parameters<Worker['off']>[1];
  const added: [string, Listener][] = [];
  const on = (event: string, fn: Listener): void => {
    worker.on(event, fn);
    added.push([event, fn]);
  };
  return {
    post: (req, transfer) => worker.postMessage(req, transfer),
    onReply: (cb) => on('message', (reply: PerfusionReply) => cb(reply)),
    onFailure: (cb) => {
      on('error', cb);
      on('exit', (code: number) => cb(new Error(`perfusion worker exited with code ${code}`)));
    },
    terminate: () => {
      for (const [event, fn] of added) worker.off(event, fn);
      void worker.terminate();
    },
    release: () => {
      for (const [event, fn] of added) worker.off(event, fn);
      worker.unref();
      idle.push(worker);
    },
  };
}

/** Perfusion maps of a volume on `workers` Node threads (default: all cores); see computePerfusionInWorkers for the contract. */
export async function computePerfusionOnThreads(
  volume: PerfusionVolume,
  options: PerfusionOptions,
  control: PerfusionControl = {},
  workers = availableParallelism(),
): Promise<PerfusionResult> {
  const source = await threadSource();
  const start = (): Worker => {
    const worker = new Worker(source, { eval: true });
    // A thread that ends while idle is never leased again.
    worker.once('exit', () => {
      const at = idle.indexOf(worker);
      if (at >= 0) idle.splice(at, 1);
    });
    return worker;
  };
  return runPerfusionPool(volume, options, control, () => lease(idle.pop() ?? start()), workers);
}
