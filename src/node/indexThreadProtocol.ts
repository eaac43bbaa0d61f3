import type { IndexedOrSkipped } from '../core/dicom/indexFiles';
import { indexSources } from '../core/dicom/indexShards';
import { FileBytesCache } from '../cli/fileBytesCache';
import { nodeFileSource } from '../cli/nodeFileSource';
import type { FileSource } from '../core/io/FileSource';

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
 * the CLI, reading with synchronous positioned reads (nodeFileSource). Whole files read for their
 * header are kept only for MR images (diffusion series are what gets assembled in one go), within
 * `keepBytes`, so the indexer can assemble them without reading them again.
 */
export function indexThreadHandler(): (msg: IndexThreadMessage) => Promise<IndexThreadReply | null> {
  let folder: IndexThreadFolder['folder'] | null = null;
  return async (msg) => {
    if ('folder' in msg) {
      folder = msg.folder;
      return null;
    }
    if (!folder) return { id: msg.id, error: 'index thread got a range before the folder' };
    try {
      const { root, paths, sizes } = folder;
      const cache = new FileBytesCache(Number.MAX_SAFE_INTEGER);
      const sources: FileSource[] = [];
      for (let i = msg.start; i < msg.end; i++) sources.push(nodeFileSource(`${root}/${paths[i]}`, paths[i], sizes[i], cache));
      const results = await indexSources(sources, 1);
      let budget = msg.keepBytes;
      const kept = results.map((r, i): ArrayBuffer | null => {
        const bytes = cache.get(sources[i].path);
        if ('reason' in r || !bytes || bytes.length > WHOLE_READ_BYTES || r.series.modality !== 'MR' || bytes.length > budget) return null;
        budget -= bytes.length;
        // nodeFileSource gives each file its own ArrayBuffer, so it can be transferred as is.
        return bytes.buffer as ArrayBuffer;
      });
      return { id: msg.id, results, kept };
    } catch (err) {
      return { id: msg.id, error: err instanceof Error ? err.message : String(err) };
    }
  };
}

/** The buffers of a reply to transfer rather than copy. */
export function indexThreadTransfer(reply: IndexThreadReply): ArrayBuffer[] {
  return 'kept' in reply ? reply.kept.filter((b): b is ArrayBuffer => b !== null) : [];
}
