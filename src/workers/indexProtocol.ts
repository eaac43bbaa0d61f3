import type { IndexedFile, IndexedOrSkipped } from '../core/dicom/indexFiles';
import { indexSources } from '../core/dicom/indexShards';
import { frameByteLength } from '../core/dicom/pixels/validatePixelLayout';
import { BlobFileSource } from './indexBlobSource';

/**
 * Main thread → index worker: one shard, its files as Blobs (File handles clone without copying
 * bytes). `keepPixelBytes`: how many bytes of located uncompressed pixel data of MR files the
 * worker may send back with the results (0 or absent: none).
 */
export interface IndexShardRequest {
  id: number;
  paths: string[];
  blobs: Blob[];
  keepPixelBytes?: number;
}

/**
 * Main thread → index worker: files [offset, offset + paths.length) of the folder (offset 0 when
 * absent). Cloning a picked File costs the main thread a synchronous trip to the browser process
 * the first time (its size and date are captured), so every File crosses once and the shards
 * that follow are just ranges.
 */
export interface IndexFolderMessage {
  folder: { paths: string[]; blobs: Blob[]; offset?: number };
}

/** Main thread → index worker: files [start, end) of the folder sent before. */
export interface IndexRangeRequest {
  id: number;
  start: number;
  end: number;
  keepPixelBytes: number;
}

export type IndexWorkerMessage = IndexFolderMessage | IndexShardRequest | IndexRangeRequest;

/**
 * The pixel bytes of one indexed file, from its first to the end of its last located frame (file
 * offsets), read while indexing: assembling the series later needs no second read.
 */
export interface KeptPixels {
  start: number;
  bytes: ArrayBuffer;
}

/**
 * Index worker → main thread: the shard's results in request order, each file's size (bytes, as the
 * worker measured it) and, where kept, its pixel bytes (transferred); or why the shard failed.
 */
export type IndexShardReply =
  | { id: number; results: IndexedOrSkipped[]; sizes?: number[]; pixels?: (KeptPixels | null)[] }
  | { id: number; error: string };

/** The byte range [start, end) holding every frame of a file, when indexing located all of them as uncompressed samples. */
export function pixelRange(file: IndexedFile): { start: number; end: number } | null {
  const located = file.frames.map((f) => f.nativePixels);
  if (located.length === 0 || !located.every((l) => l !== undefined)) return null;
  const start = Math.min(...located.map((l) => l.offset));
  const end = Math.max(...located.map((l) => l.offset + frameByteLength(l.layout)));
  return { start, end };
}

/** Files up to this size (bytes) are read whole by indexing anyway: the header prefix is 512 KiB and a read of half a file or more reads it all. */
const WHOLE_READ_MAX = 1024 * 1024;
/** Most bytes one combined read brings in. */
const COMBINED_READ_MAX = 16 * 1024 * 1024;

/**
 * Reads the shard's small files in one go: a Blob made of consecutive Files is read with one
 * `arrayBuffer()`, where each File read alone costs its own trip through the browser's Blob
 * machinery (in Chromium about ten times the worker time of a combined read). Each file's bytes are kept on its source; indexing then reads them from memory. A
 * combined read that fails or comes back short (a file changed or vanished) keeps nothing, and
 * each file is then read, and its problem reported, on its own.
 */
async function readSmallFilesTogether(sources: readonly BlobFileSource[]): Promise<void> {
  let group: BlobFileSource[] = [];
  let bytes = 0;
  const flush = async (): Promise<void> => {
    const files = group;
    group = [];
    bytes = 0;
    if (files.length === 0) return;
    const sizes = files.map((f) => f.size);
    let buffer: ArrayBuffer;
    try {
      buffer = await new Blob(files.map((f) => f.blob)).arrayBuffer();
    } catch {
      return;
    }
    if (buffer.byteLength !== sizes.reduce((a, b) => a + b, 0)) return;
    let offset = 0;
    files.forEach((f, i) => {
      f.keep({ start: 0, bytes: new Uint8Array(buffer, offset, sizes[i]) });
      offset += sizes[i];
    });
  };
  for (const source of sources) {
    if (source.size > WHOLE_READ_MAX) continue;
    if (bytes + source.size > COMBINED_READ_MAX) await flush();
    group.push(source);
    bytes += source.size;
  }
  await flush();
}

/** What the worker does with a request (per-file failures are skip reasons inside `results`). */
export async function handleIndexShard(req: IndexShardRequest): Promise<IndexShardReply> {
  try {
    // Indexing only parses what it reads: views of the combined read, no copies.
    const sources = req.paths.map((path, i) => new BlobFileSource(path, req.blobs[i]));
    await readSmallFilesTogether(sources);
    const results = await indexSources(sources);
    let budget = req.keepPixelBytes ?? 0;
    const pixels = await Promise.all(
      results.map(async (result, i): Promise<KeptPixels | null> => {
        // MR only: diffusion series are what gets assembled in one go; CT perfusion would be gigabytes.
        const range = 'reason' in result || sources[i].keptBytes === 0 || result.series.modality !== 'MR' ? null : pixelRange(result);
        if (!range || range.end > sources[i].size || range.end - range.start > budget) return null;
        budget -= range.end - range.start;
        // A copy of the bytes in memory, so the shard's combined buffer is freed with the shard.
        return { start: range.start, bytes: (await sources[i].read(range.start, range.end)).slice().buffer };
      }),
    );
    for (const source of sources) source.dropKept();
    return { id: req.id, results, sizes: sources.map((s) => s.size), pixels };
  } catch (err) {
    return { id: req.id, error: err instanceof Error ? err.message : String(err) };
  }
}

/** The buffers of a reply to transfer rather than copy. */
export function replyTransfer(reply: IndexShardReply): ArrayBuffer[] {
  return 'pixels' in reply && reply.pixels ? reply.pixels.flatMap((p) => (p ? [p.bytes] : [])) : [];
}

/**
 * A worker's state: the files of the folder it was sent, and the handler of every message (a
 * folder chunk is stored and answers nothing; a range is resolved against the stored files).
 */
export function indexWorkerHandler(): (msg: IndexWorkerMessage) => Promise<IndexShardReply | null> {
  const paths: string[] = [];
  const blobs: Blob[] = [];
  return async (msg) => {
    if ('folder' in msg) {
      const offset = msg.folder.offset ?? 0;
      msg.folder.paths.forEach((path, i) => {
        paths[offset + i] = path;
        blobs[offset + i] = msg.folder.blobs[i];
      });
      return null;
    }
    if ('paths' in msg) return handleIndexShard(msg);
    const { start, end } = msg;
    for (let i = start; i < end; i++) if (!blobs[i]) return { id: msg.id, error: `index worker got file ${i} of a range before the file itself` };
    return handleIndexShard({ id: msg.id, paths: paths.slice(start, end), blobs: blobs.slice(start, end), keepPixelBytes: msg.keepPixelBytes });
  };
}
