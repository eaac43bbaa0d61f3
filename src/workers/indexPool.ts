import { indexFiles, type IndexedOrSkipped, type IndexOptions } from '../core/dicom/indexFiles';
import { indexInShards, type IndexLane } from '../core/dicom/indexShards';
import type { DicomIndex } from '../core/dicom/types';
import type { FileSource } from '../core/io/FileSource';
import type { IndexShardReply, IndexShardRequest } from './indexProtocol';

/** A FileSource backed by a Blob (browser File): the only kind a worker can read by itself. */
type BlobBacked = FileSource & { blob: Blob };

const hasBlob = (f: FileSource): f is BlobBacked => (f as Partial<BlobBacked>).blob instanceof Blob;

/** Worker count: the cores the browser reports, at least 1; beyond 4, Blob reads and merging dominate. */
export function indexWorkerCount(): number {
  return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
}

/** Fewer files than this are indexed on the main thread: a worker's start-up (~50 ms) would cost more. */
const MIN_FILES_FOR_WORKERS = 32;

/**
 * `indexFiles` on a pool of Web Workers when every file is a Blob (folder input, drag and drop,
 * directory picker, demo): each worker reads its shard's header bytes from the Files itself and
 * parses them; results merge in file order, so the index is the one `indexFiles` gives. Other
 * sources (Electron's IPC reader) and small folders index on the main thread. Progress after each
 * shard; aborting terminates the workers and rejects with the signal's reason.
 */
export async function indexFilesInWorkers(files: FileSource[], opts: IndexOptions = {}, workers = indexWorkerCount()): Promise<DicomIndex> {
  if (typeof Worker === 'undefined' || files.length < MIN_FILES_FOR_WORKERS || !files.every(hasBlob)) return indexFiles(files, opts);
  const blobFiles = files as BlobBacked[];
  const pool = Array.from({ length: Math.min(workers, Math.ceil(files.length / MIN_FILES_FOR_WORKERS)) }, () =>
    new Worker(new URL('./indexWorker.ts', import.meta.url), { type: 'module' }),
  );
  let nextId = 0;
  const lane =
    (worker: Worker): IndexLane =>
    (start, end) =>
      new Promise<IndexedOrSkipped[]>((resolve, reject) => {
        const shard = blobFiles.slice(start, end);
        const request: IndexShardRequest = { id: nextId++, paths: shard.map((f) => f.path), blobs: shard.map((f) => f.blob) };
        worker.onmessage = (event: MessageEvent<IndexShardReply>) => {
          const reply = event.data;
          if ('error' in reply) reject(new Error(`indexing ${shard[0].path}…: ${reply.error}`));
          else resolve(reply.results);
        };
        worker.onerror = (event) => reject(new Error(`index worker failed: ${event.message}`));
        worker.postMessage(request);
      });
  try {
    return await indexInShards(files.length, pool.map(lane), opts);
  } finally {
    for (const worker of pool) worker.terminate();
  }
}
