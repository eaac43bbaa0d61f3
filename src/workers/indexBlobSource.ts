import type { FileSource } from '../core/io/FileSource';

/** Bytes [start, start + bytes.length) of a file, held in memory (file offsets in bytes). */
export interface KeptBytes {
  start: number;
  bytes: Uint8Array;
}

/**
 * A FileSource over a browser Blob/File, for the main thread and the index workers alike. The Blob
 * stays reachable so the image loader can hand it straight to Cornerstone without copying.
 *
 * A range covering at least half the file is read as the whole file and viewed: in Chromium each
 * `Blob.slice()` registers a new blob with the browser process (main-thread time per call, and the
 * read that follows is slower), while a whole-file `arrayBuffer()` skips that step. Header reads
 * (512 KiB prefixes) and pixel reads of single-frame DICOM cover nearly all of their file, so
 * indexing and assembly read a folder of small files in about half the time. Smaller ranges are
 * still sliced, so a 500 MB file is never loaded whole to read its header.
 *
 * Bytes already read can be kept on the source (`keep`): a read inside them is served from
 * memory, as a view of them (FileSource.read: read-only, never transferred), without a trip to
 * the browser process or a copy.
 * Index workers keep whole small files read together, and send back the pixel bytes, kept on the
 * main thread's sources: assembling a series indexed this way reads no file twice.
 */
export class BlobFileSource implements FileSource {
  private knownSize: number | undefined;
  private kept: KeptBytes | null = null;
  constructor(
    readonly path: string,
    readonly blob: Blob,
  ) {}

  /**
   * Asked for on first use, not at construction: a picked File's size is a synchronous trip to the
   * browser process, which listing a folder's files on the main thread paid for nothing when
   * the index workers read the sizes themselves (and report them: `setKnownSize`).
   */
  get size(): number {
    return (this.knownSize ??= this.blob.size);
  }

  /** The size an index worker measured, so the main thread never asks the browser for it. */
  setKnownSize(size: number): void {
    this.knownSize = size;
  }

  /** Holds `kept` in memory for later reads inside it (replacing what was kept). */
  keep(kept: KeptBytes): void {
    this.kept = kept;
  }

  /** Frees the kept bytes: later reads go to the Blob. */
  dropKept(): void {
    this.kept = null;
  }

  /** Bytes held in memory (0 when none). */
  get keptBytes(): number {
    return this.kept?.bytes.length ?? 0;
  }

  async read(start = 0, end?: number): Promise<Uint8Array> {
    const kept = this.kept;
    if (kept && end !== undefined && start >= kept.start && end <= kept.start + kept.bytes.length) {
      return kept.bytes.subarray(start - kept.start, end - kept.start);
    }
    const from = Math.max(0, start);
    const to = Math.min(end ?? this.size, this.size);
    if (to - from >= this.size / 2) return new Uint8Array(await this.blob.arrayBuffer(), from, Math.max(0, to - from));
    return new Uint8Array(await this.blob.slice(start, end ?? this.size).arrayBuffer());
  }
}
