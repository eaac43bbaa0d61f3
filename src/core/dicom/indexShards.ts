import type { FileSource } from '../io/FileSource';
import type { DicomIndex } from './types';
import { indexOne, mergeIndexed, type IndexedOrSkipped } from './indexFiles';

/**
 * One lane of a parallel index (a worker, a thread, or in-process): indexes files [start, end) of
 * the folder's file list and resolves with one result per file, in that order. Lanes run on other
 * threads, so they receive positions, never FileSources.
 */
export type IndexLane = (start: number, end: number) => Promise<IndexedOrSkipped[]>;

export interface ShardOptions {
  signal?: AbortSignal;
  /** Called after each shard: files done / total files. */
  onProgress?: (done: number, total: number) => void;
  /** Files per shard handed to a lane (default 16): small enough to balance lanes, large enough to amortise a message. */
  shardSize?: number;
}

/**
 * Indexes `fileCount` files on `lanes` that pull shards of consecutive files until none are left
 * (a slow lane simply takes fewer), and merges the results in file order: the same DicomIndex as
 * `indexFiles` over the same list. Rejects with the signal's reason as soon as it aborts (stopping
 * busy lanes is the host's job) and with a lane's error if one fails.
 */
export async function indexInShards(fileCount: number, lanes: readonly IndexLane[], opts: ShardOptions = {}): Promise<DicomIndex> {
  if (lanes.length === 0) throw new RangeError('indexInShards needs at least one lane');
  const shardSize = Math.max(1, opts.shardSize ?? 16);
  const results: IndexedOrSkipped[] = new Array(fileCount);
  let next = 0;
  let done = 0;
  const run = async (lane: IndexLane): Promise<void> => {
    while (next < fileCount) {
      opts.signal?.throwIfAborted();
      const start = next;
      const end = Math.min(fileCount, start + shardSize);
      next = end;
      const shard = await lane(start, end);
      if (shard.length !== end - start) throw new Error(`index lane returned ${shard.length} results for files ${start}–${end - 1}`);
      opts.signal?.throwIfAborted();
      for (let i = 0; i < shard.length; i++) results[start + i] = shard[i];
      done += shard.length;
      opts.onProgress?.(done, fileCount);
    }
  };
  const signal = opts.signal;
  if (!signal) await Promise.all(lanes.map(run));
  else {
    // A lane busy with a shard when the user cancels must not hold the rejection back.
    let onAbort = (): void => undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([Promise.all(lanes.map(run)), aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
  return mergeIndexed(results);
}

/**
 * One result per source, in order: what a lane does with its shard. `concurrency` reads in flight
 * (default 4) overlap I/O latency (Blob reads, disk) with parsing, as `indexFiles` does.
 */
export async function indexSources(sources: readonly FileSource[], concurrency = 4): Promise<IndexedOrSkipped[]> {
  const results: IndexedOrSkipped[] = new Array(sources.length);
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < sources.length) {
      const i = next++;
      results[i] = await indexOne(sources[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, sources.length)) }, run));
  return results;
}
