/**
 * Node worker_threads entry for DICOM header indexing (CLI): shards of files named by absolute
 * path, read and parsed on this thread, results posted back as plain data. Bundled to a CommonJS
 * script (by src/cli/indexThreads.ts at first use, or ahead of time by scripts/build-cli.mjs) and
 * run with `eval: true`, like nodeDtiThread.ts.
 */
import { parentPort } from 'node:worker_threads';
import { indexSources } from '../core/dicom/indexShards';
import { nodeFileSource } from '../cli/nodeFileSource';

/** One shard: [absolute path, path relative to the folder, size in bytes] per file. */
export interface NodeIndexShard {
  id: number;
  files: [string, string, number][];
}

const port = parentPort;
if (port) {
  port.on('message', async (req: NodeIndexShard) => {
    try {
      port.postMessage({ id: req.id, results: await indexSources(req.files.map(([abs, rel, size]) => nodeFileSource(abs, rel, size))) });
    } catch (err) {
      port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) });
    }
  });
}
