import type { IndexedOrSkipped } from '../core/dicom/indexFiles';
import { indexSources } from '../core/dicom/indexShards';
import { BlobFileSource } from './indexBlobSource';

/** Main thread → index worker: one shard, its files as Blobs (File handles clone without copying bytes). */
export interface IndexShardRequest {
  id: number;
  paths: string[];
  blobs: Blob[];
}

/** Index worker → main thread: the shard's results in request order, or why it failed as a whole. */
export type IndexShardReply = { id: number; results: IndexedOrSkipped[] } | { id: number; error: string };

/** What the worker does with a request (per-file failures are skip reasons inside `results`). */
export async function handleIndexShard(req: IndexShardRequest): Promise<IndexShardReply> {
  try {
    return { id: req.id, results: await indexSources(req.paths.map((path, i) => new BlobFileSource(path, req.blobs[i]))) };
  } catch (err) {
    return { id: req.id, error: err instanceof Error ? err.message : String(err) };
  }
}
