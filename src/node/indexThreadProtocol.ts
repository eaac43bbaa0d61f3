import { indexOne, type IndexedOrSkipped } from '../core/dicom/indexFiles';
import { scratchFileSource } from '../cli/nodeFileSource';

/**
 * Messages between a Node folder indexer (folderIndexer.ts) and its worker threads: the folder's
 * file list once, then ranges of it. Plain data; kept file bytes are transferred, not copied.
 */

/** Indexer → thread, once: the folder's real root and its listed files (relative '/'-paths, sizes in bytes). */
export interface IndexThreadFolder {
  folder: { root: string; paths: string[]; sizes: number[] };
}

/** Indexer → thread: index files [start, end) of the folder; send back up to `keepBytes` of whole small MR files. */
export interface IndexThreadRange {
  id: number;
  start: number;
  end: number;
  keepBytes: number;
}

export type IndexThreadMessage = IndexThreadFolder | IndexThreadRange;

/**
 * Thread → indexer: one result per file of the range, in order, and the whole content of the MR
 * image files indexing read whole anyway (null where not kept); or why the range failed.
 */
export type IndexThreadReply = { id: number; results: IndexedOrSkipped[]; kept: (ArrayBuffer | null)[] } | { id: number; error: string };

/** Header reads are 512 KiB prefixes (readHeader.ts): a file up to that size is read whole by indexing. */
const WHOLE_READ_BYTES = 512 * 1024;

/**
 * The state of one index thread (the folder it was sent) and its handling of each message: the
 * folder answers nothing; a range is indexed with the same `indexSources` as the web workers and
 * the CLI, one file at a time, reading with synchronous positioned reads into one reused buffer
 * (scratchFileSource: no fresh memory per file). Whole files whose pixels assembly must read whole
 * anyway (MR images with a frame not located as uncompressed samples: compressed, mosaic...) are
 * copied out and handed back within `keepBytes`, so the indexer can assemble them without reading
 * them again; uncompressed frames are read by range at assembly (FileSource.readInto).
 */
export function indexThreadHandler(): (msg: IndexThreadMessage) => Promise<IndexThreadReply | null> {
  let folder: IndexThreadFolder['folder'] | null = null;
  // Scratch buffers of ranges done, for the next: ranges in flight at once each get their own.
  const scratches: { bytes: Uint8Array; wholeRead: boolean }[] = [];
  return async (msg) => {
    if ('folder' in msg) {
      folder = msg.folder;
      return null;
    }
    if (!folder) return { id: msg.id, error: 'index thread got a range before the folder' };
    const scratch = scratches.pop() ?? { bytes: new Uint8Array(0), wholeRead: false };
    try {
      const { root, paths, sizes } = folder;
      const results: IndexedOrSkipped[] = [];
      const kept: (ArrayBuffer | null)[] = [];
      let budget = msg.keepBytes;
      for (let i = msg.start; i < msg.end; i++) {
        scratch.wholeRead = false;
        const r = await indexOne(scratchFileSource(`${root}/${paths[i]}`, paths[i], sizes[i], scratch));
        results.push(r);
        const keep =
          !('reason' in r) && scratch.wholeRead && sizes[i] <= WHOLE_READ_BYTES && sizes[i] <= budget && r.series.modality === 'MR' && r.frames.some((f) => !f.nativePixels);
        if (keep) budget -= sizes[i];
        // A copy of its own (transferable): the scratch is read into again by the next file.
        kept.push(keep ? (scratch.bytes.slice(0, sizes[i]).buffer as ArrayBuffer) : null);
      }
      return { id: msg.id, results, kept };
    } catch (err) {
      return { id: msg.id, error: err instanceof Error ? err.message : String(err) };
    } finally {
      scratches.push(scratch);
    }
  };
}

/** The buffers of a reply to transfer rather than copy. */
export function indexThreadTransfer(reply: IndexThreadReply): ArrayBuffer[] {
  return 'kept' in reply ? reply.kept.filter((b): b is ArrayBuffer => b !== null) : [];
}
