/**
 * Node worker_threads entry of the perfusion pool (CLI and benchmarks): the same thin adapter as
 * the browser's perfusionWorker.ts. Bundled to a CommonJS script by src/cli/nodePerfusionPool.ts
 * (or ahead of time by scripts/build-cli.mjs) and run with `eval: true`.
 */
import { parentPort } from 'node:worker_threads';
import { handlePerfusionRequest, type PerfusionRequest } from './perfusionProtocol';

const port = parentPort;
if (port) port.on('message', (req: PerfusionRequest) => handlePerfusionRequest(req, (reply, transfer) => port.postMessage(reply, transfer)));
