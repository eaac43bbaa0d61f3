/**
 * Node worker_threads entry for the DTI pool (CLI and benchmarks): the same thin adapter over the
 * slab kernel as the browser's dtiWorker.ts. Bundled to a CommonJS script (by src/cli/nodePool.ts
 * at first use, or ahead of time by scripts/build-cli.mjs) and run with `eval: true`.
 * `workerData.warmUp`: optimise the kernel for that estimator on synthetic data before real slabs arrive
 * (and the brain mask too unless `warmMask` is false).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { handleDtiRequest, type DtiRequest } from './dtiProtocol';
import { warmUpKernel } from './warmUpKernel';

const port = parentPort;
if (port) {
  port.on('message', (req: DtiRequest) => handleDtiRequest(req, (reply, transfer) => port.postMessage(reply, transfer)));
  const data = workerData as { warmUp?: Parameters<typeof warmUpKernel>[0] | null; warmMask?: boolean } | null;
  if (data?.warmUp) warmUpKernel(data.warmUp, data.warmMask ?? true);
}
