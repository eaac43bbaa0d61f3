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
 * the first time (its size and date are captured), so every File crosses once, in a few chunks,
 * and the shards that follow are just ranges.
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

/** What the worker does with a request (per-file failures are skip reasons inside `results`). */
export async function handleIndexShard(req: IndexShardRequest): Promise<IndexShardReply> {
  try {
    const sources = req.paths.map((path, i) => new BlobFileSource(path, req.blobs[i], (req.keepPixelBytes ?? 0) > 0));
    const results = await indexSources(sources);
    let budget = req.keepPixelBytes ?? 0;
    const pixels = results.map((result, i): KeptPixels | null => {
      const whole = sources[i].lastWholeRead;
      sources[i].lastWholeRead = null;
      // MR only: diffusion series are what gets assembled in one go; CT perfusion would be gigabytes.
      const range = 'reason' in result || !whole || result.series.modality !== 'MR' ? null : pixelRange(result);
      if (!range || range.end > whole!.byteLength || range.end - range.start > budget) return null;
      budget -= range.end - range.start;
      return { start: range.start, bytes: whole!.slice(range.start, range.end) };
    });
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
