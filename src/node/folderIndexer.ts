import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { IndexedOrSkipped } from '../core/dicom/indexFiles';
import { indexInShards, type IndexLane } from '../core/dicom/indexShards';
import type { DicomIndex } from '../core/dicom/types';
import { indexThreadHandler, type IndexThreadMessage, type IndexThreadReply } from './indexThreadProtocol';
import { threadScript } from './threadScript';

/**
 * A folder's DICOM index made on Node worker threads (Electron main, the CLI): the same
 * `indexOne` on every file as the web workers and the CLI, merged in file order by `indexInShards`,
 * so the index equals `indexFiles` over the same listing. The calling thread only posts ranges
 * and merges: Electron's main process stays responsive and the renderer makes one call per folder.
 */

/** A listed file: path relative to the root, '/'-separated; size in bytes. */
export interface ListedFile {
  path: string;
  size: number;
}

export interface FolderIndexOptions {
  /** Index threads (default: the cores, at most 4: beyond that reads and merging dominate). */
  threads?: number;
  /** Called after each shard: files done / total. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Bytes of whole small MR files the threads may hand back (read for their header anyway); default 0. */
  keepBytes?: number;
  /** Files per shard (default 32). */
  shardSize?: number;
}

export interface FolderIndex {
  index: DicomIndex;
  /** Whole contents of kept files (see `keepBytes`), by relative path. */
  kept: Map<string, Uint8Array>;
}

/** The index thread's script, inlined by the CLI and Electron builds (esbuild `define`); undefined from source. */
declare const __INDEX_THREAD_SCRIPT__: string | undefined;
const prebuiltScript = typeof __INDEX_THREAD_SCRIPT__ === 'string' ? __INDEX_THREAD_SCRIPT__ : undefined;

/** Fewer files than this are indexed on the calling thread: starting threads would cost more. */
export const MIN_FILES_FOR_THREADS = 64;

/** Shards each thread has in flight, so it never waits on the calling thread between two. */
const SHARDS_IN_FLIGHT = 2;

/** Threads started ahead (prestartIndexThreads), taken by the next indexing. */
const ready: Worker[] = [];

export function defaultIndexThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

function startThread(script: string): Worker {
  const worker = new Worker(script, { eval: true });
  worker.unref();
  return worker;
}

/** Starts index threads now (script compiled, modules loaded) so the next indexing finds them running. */
export async function prestartIndexThreads(count = defaultIndexThreads()): Promise<void> {
  const script = await threadScript('node/indexThread.ts', prebuiltScript);
  while (ready.length < count) ready.push(startThread(script));
}

/**
 * Indexes `files` (listed under the real path `root`) on worker threads; small folders on this
 * thread through the same handler. Rejects with the signal's reason on abort (the threads are
 * then terminated), or when a thread fails; a file that cannot be read is a skipped entry, never a
 * failure.
 */
export async function indexListedFiles(root: string, files: readonly ListedFile[], opts: FolderIndexOptions = {}): Promise<FolderIndex> {
  const folder: IndexThreadMessage = { folder: { root, paths: files.map((f) => f.path), sizes: files.map((f) => f.size) } };
  const kept = new Map<string, Uint8Array>();
  let budget = opts.keepBytes ?? 0;
  const collect = (start: number, reply: IndexThreadReply): IndexedOrSkipped[] => {
    if ('error' in reply) throw new Error(`indexing ${files[start]?.path ?? ''}…: ${reply.error}`);
    reply.kept.forEach((bytes, i) => {
      if (!bytes) return;
      kept.set(files[start + i].path, new Uint8Array(bytes));
      budget -= bytes.byteLength;
    });
    return reply.results;
  };
  const shardSize = opts.shardSize ?? 32;
  const threads = Math.min(opts.threads ?? defaultIndexThreads(), Math.ceil(files.length / MIN_FILES_FOR_THREADS));
  if (threads <= 1) {
    const handle = indexThreadHandler();
    await handle(folder);
    let id = 0;
    const lane: IndexLane = async (start, end) => collect(start, (await handle({ id: id++, start, end, keepBytes: Math.max(0, budget) }))!);
    return { index: await indexInShards(files.length, [lane], { ...opts, shardSize }), kept };
  }
  const script = await threadScript('node/indexThread.ts', prebuiltScript);
  const pool = Array.from({ length: threads }, () => ready.pop() ?? startThread(script));
  let nextId = 0;
  const pending = new Map<number, { worker: Worker; start: number; resolve(r: IndexedOrSkipped[]): void; reject(e: Error): void }>();
  const failed = new Map<Worker, Error>();
  const fail = (worker: Worker, error: Error): void => {
    failed.set(worker, error);
    for (const [id, shard] of pending) {
      if (shard.worker !== worker) continue;
      pending.delete(id);
      shard.reject(error);
    }
  };
  const onMessage = (reply: IndexThreadReply): void => {
    const shard = pending.get(reply.id);
    if (!shard) return;
    pending.delete(reply.id);
    try {
      shard.resolve(collect(shard.start, reply));
    } catch (error) {
      shard.reject(error as Error);
    }
  };
  const listeners = pool.map((worker) => ({
    error: (error: Error) => fail(worker, new Error(`index thread failed: ${error.message}`)),
    exit: (code: number) => fail(worker, new Error(`index thread exited with code ${code}`)),
  }));
  pool.forEach((worker, i) => {
    worker.ref();
    worker.on('message', onMessage);
    worker.on('error', listeners[i].error);
    worker.on('exit', listeners[i].exit);
    worker.postMessage(folder);
  });
  const lane =
    (worker: Worker): IndexLane =>
    (start, end) =>
      new Promise<IndexedOrSkipped[]>((resolve, reject) => {
        const failure = failed.get(worker);
        if (failure) return reject(failure);
        const id = nextId++;
        pending.set(id, { worker, start, resolve, reject });
        worker.postMessage({ id, start, end, keepBytes: Math.max(0, budget) } satisfies IndexThreadMessage);
      });
  let clean = false;
  try {
    const index = await indexInShards(files.length, pool.flatMap((w) => Array.from({ length: SHARDS_IN_FLIGHT }, () => lane(w))), { ...opts, shardSize });
    clean = true;
    return { index, kept };
  } finally {
    for (const [i, worker] of pool.entries()) {
      worker.off('message', onMessage);
      worker.off('error', listeners[i].error);
      worker.off('exit', listeners[i].exit);
      // A thread that finished cleanly is kept for the next folder (it replaces the folder it holds);
      // one that failed, or was cut off by an abort mid-shard, is ended.
      if (clean && !failed.has(worker) && ready.length < defaultIndexThreads()) {
        worker.unref();
        ready.push(worker);
      } else void worker.terminate();
    }
  }
}
