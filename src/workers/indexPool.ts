import { indexFiles, type IndexedOrSkipped, type IndexOptions } from '../core/dicom/indexFiles';
import { indexInShards, type IndexLane } from '../core/dicom/indexShards';
import type { DicomIndex } from '../core/dicom/types';
import type { FileSource } from '../core/io/FileSource';
import { preIndexedFolderOf } from '../core/io/PreIndexedFolder';
import { BlobFileSource } from './indexBlobSource';
import type { IndexFolderMessage, IndexRangeRequest, IndexShardReply } from './indexProtocol';

/** A FileSource backed by a Blob (browser File): the only kind a worker can read by itself. */
type BlobBacked = FileSource & { blob: Blob };

const hasBlob = (f: FileSource): f is BlobBacked => (f as Partial<BlobBacked>).blob instanceof Blob;

/** Worker count: the cores the browser reports, at least 1; beyond 4, Blob reads and merging dominate. */
export function indexWorkerCount(): number {
  return Math.max(1, Math.min(4, globalThis.navigator?.hardwareConcurrency || 1));
}

const newIndexWorker = (): Worker => new Worker(new URL('./indexWorker.ts', import.meta.url), { type: 'module' });

/** Workers started ahead of indexing (module loaded), taken by the next one. */
const ready: Worker[] = [];

/**
 * Starts the index workers before any folder is opened (the app just started): a worker only
 * begins running once the main thread is free for a moment, which it is not while it hands a
 * large folder's Files over.
 */
export function prestartIndexWorkers(count = indexWorkerCount()): void {
  if (typeof Worker === 'undefined') return;
  while (ready.length < count) {
    const worker = newIndexWorker();
    // One that fails to start is never handed to an indexing (whose own listener would come too late).
    worker.addEventListener('error', () => {
      const at = ready.indexOf(worker);
      if (at >= 0) ready.splice(at, 1);
    });
    ready.push(worker);
  }
}

/** Fewer files than this are indexed on the main thread: a worker's start-up (~50 ms) would cost more. */
const MIN_FILES_FOR_WORKERS = 32;

/**
 * Uncompressed pixel bytes the workers may send back while indexing (bytes): enough for any DTI
 * series a workstation fits, bounded for folders of thousands of large images.
 */
export const KEEP_PIXEL_BYTES = 256 * 2 ** 20;

/**
 * Shards each worker has in flight: while it parses one, the next is already queued, so it never
 * waits on a busy main thread (React commits, the browser process answering Blob reads).
 */
const SHARDS_IN_FLIGHT = 2;

/**
 * Keeps the pixel bytes a worker sent on the file's source, and its size so the main thread never
 * asks the browser for it. Returns the bytes kept.
 */
function applyReply(files: readonly FileSource[], start: number, reply: Extract<IndexShardReply, { results: unknown }>): number {
  let kept = 0;
  reply.results.forEach((_, i) => {
    const source = files[start + i];
    if (!(source instanceof BlobFileSource)) return;
    const size = reply.sizes?.[i];
    if (size !== undefined) source.setKnownSize(size);
    const pixels = reply.pixels?.[i];
    if (pixels) {
      source.keep({ start: pixels.start, bytes: new Uint8Array(pixels.bytes) });
      kept += pixels.bytes.byteLength;
    }
  });
  return kept;
}

/** Frees kept bytes of every file outside a diffusion series: only those are assembled in one go (DTI). */
function keepDiffusionOnly(files: readonly FileSource[], index: DicomIndex): void {
  const diffusion = new Set<string>();
  for (const p of index.patients)
    for (const st of p.studies) for (const se of st.series) if (se.kind === 'dwi') for (const f of se.frames) diffusion.add(f.file);
  for (const f of files) if (f instanceof BlobFileSource && f.keptBytes > 0 && !diffusion.has(f.path)) f.dropKept();
}

/**
 * `indexFiles` on a pool of Web Workers when every file is a Blob (folder input, drag and drop,
 * directory picker, demo): the folder's Files go to each worker once, then shards of consecutive
 * files as ranges (two in flight per worker); each worker reads its shard from the Files (small
 * ones in one combined read) and parses the headers; results merge in file order, so the index is
 * the one `indexFiles` gives. The workers
 * send back each file's size and the uncompressed pixel bytes they read anyway (up to
 * `keepPixelBytes` in all), kept on the BlobFileSources of diffusion series so assembling one
 * reads nothing again. Other sources (Electron's IPC reader) and small folders index on the main
 * thread. Progress after each shard; aborting terminates the workers and rejects with the signal's reason.
 * A folder its host indexes as a whole (Electron main's threads, the demo's shipped index:
 * PreIndexedFolder) is indexed there, in one call.
 */
export async function indexFilesInWorkers(
  files: FileSource[],
  opts: IndexOptions = {},
  workers = indexWorkerCount(),
  keepPixelBytes = KEEP_PIXEL_BYTES,
): Promise<DicomIndex> {
  const host = preIndexedFolderOf(files);
  if (host) return host.index(opts);
  if (typeof Worker === 'undefined' || files.length < MIN_FILES_FOR_WORKERS || !files.every(hasBlob)) return indexFiles(files, opts);
  const blobFiles = files as BlobBacked[];
  const pool = Array.from({ length: Math.min(workers, Math.ceil(files.length / MIN_FILES_FOR_WORKERS)) }, () => ready.pop() ?? newIndexWorker());
  let budget = keepPixelBytes;
  let nextId = 0;
  const pending = new Map<number, { worker: Worker; start: number; resolve(r: IndexedOrSkipped[]): void; reject(e: Error): void }>();
  // A worker that failed answers nothing more: later shards for it are refused at once, never awaited forever.
  const failed = new Map<Worker, string>();
  for (const worker of pool) {
    worker.onmessage = (event: MessageEvent<IndexShardReply>) => {
      const reply = event.data;
      const shard = pending.get(reply.id);
      if (!shard) return;
      pending.delete(reply.id);
      if ('error' in reply) shard.reject(new Error(`indexing ${blobFiles[shard.start].path}…: ${reply.error}`));
      else {
        budget -= applyReply(files, shard.start, reply);
        shard.resolve(reply.results);
      }
    };
    worker.onerror = (event) => {
      failed.set(worker, `index worker failed: ${event.message}`);
      for (const [id, shard] of pending) {
        if (shard.worker !== worker) continue;
        pending.delete(id);
        shard.reject(new Error(`index worker failed: ${event.message}`));
      }
    };
  }
  const lane =
    (worker: Worker): IndexLane =>
    (start, end) =>
      new Promise<IndexedOrSkipped[]>((resolve, reject) => {
        const failure = failed.get(worker);
        if (failure) return reject(new Error(failure));
        const request: IndexRangeRequest = { id: nextId++, start, end, keepPixelBytes: Math.max(0, budget) };
        pending.set(request.id, { worker, start, resolve, reject });
        worker.postMessage(request);
      });
  // Every File up front, before any shard: cloning them costs this thread a synchronous trip to
  // the browser process each, several times slower while workers read.
  const folder: IndexFolderMessage = { folder: { paths: blobFiles.map((f) => f.path), blobs: blobFiles.map((f) => f.blob) } };
  for (const worker of pool) worker.postMessage(folder);
  try {
    const index = await indexInShards(files.length, pool.flatMap((w) => Array.from({ length: SHARDS_IN_FLIGHT }, () => lane(w))), opts);
    keepDiffusionOnly(files, index);
    return index;
  } catch (err) {
    for (const f of files) if (f instanceof BlobFileSource) f.dropKept();
    throw err;
  } finally {
    for (const worker of pool) worker.terminate();
  }
}
