import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { indexFiles, type IndexedOrSkipped, type IndexOptions } from '../core/dicom/indexFiles';
import { indexInShards, type IndexLane } from '../core/dicom/indexShards';
import type { DicomIndex } from '../core/dicom/types';
import type { NodeIndexShard } from '../workers/indexNodeThread';
import type { NodeFileSource } from './nodeFileSource';

/** The thread script, inlined by scripts/build-cli.mjs (esbuild `define`); undefined when running from source. */
declare const __INDEX_THREAD_SCRIPT__: string | undefined;

let bundled: Promise<string> | null = null;

/** The thread script: prebuilt in the CLI bundle, else bundled once per process (as nodePool.ts does for the DTI thread). */
function threadSource(): Promise<string> {
  if (typeof __INDEX_THREAD_SCRIPT__ === 'string') return Promise.resolve(__INDEX_THREAD_SCRIPT__);
  bundled ??= import('esbuild')
    .then(({ build }) =>
      build({
        entryPoints: [resolve(dirname(fileURLToPath(import.meta.url)), '../workers/indexNodeThread.ts')],
        bundle: true,
        format: 'cjs',
        platform: 'node',
        target: 'node20',
        write: false,
        logLevel: 'silent',
      }),
    )
    .then((r) => r.outputFiles[0].text);
  return bundled;
}

/** Below this many files one thread's start-up (~30 ms) outweighs what a second core saves. */
const MIN_FILES_FOR_THREADS = 64;
/** Files per message: a thread round trip costs about as much as parsing one small file. */
const SHARD_FILES = 32;

/**
 * `indexFiles` over files on disk on `threads` worker threads (default: all cores, at most 4):
 * each thread opens and parses its shards itself; results merge in file order, so the index is the
 * one `indexFiles` gives. Small folders index on this thread. Aborting terminates the threads.
 */
export async function indexFilesOnThreads(files: NodeFileSource[], opts: IndexOptions = {}, threads = Math.min(4, availableParallelism())): Promise<DicomIndex> {
  if (threads < 2 || files.length < MIN_FILES_FOR_THREADS) return indexFiles(files, opts);
  const source = await threadSource();
  const pool = Array.from({ length: threads }, () => new Worker(source, { eval: true }));
  let nextId = 0;
  const lane =
    (worker: Worker): IndexLane =>
    (start, end) =>
      new Promise<IndexedOrSkipped[]>((resolvePromise, reject) => {
        const request: NodeIndexShard = { id: nextId++, files: files.slice(start, end).map((f) => [f.absolutePath, f.path, f.size]) };
        const onError = (err: Error): void => reject(err);
        worker.once('error', onError);
        worker.once('message', (reply: { results: IndexedOrSkipped[] } | { error: string }) => {
          worker.off('error', onError);
          if ('error' in reply) reject(new Error(`indexing ${files[start].path}…: ${reply.error}`));
          else resolvePromise(reply.results);
        });
        worker.postMessage(request);
      });
  try {
    return await indexInShards(files.length, pool.map(lane), { ...opts, shardSize: SHARD_FILES });
  } finally {
    for (const worker of pool) void worker.terminate();
  }
}
