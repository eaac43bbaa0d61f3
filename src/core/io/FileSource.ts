/**
 * A file to read by byte range, whatever holds it: Node `fs` (CLI, Electron main),
 * an IPC-backed reader (Electron renderer) or a browser `File`.
 * Core code only ever sees this interface, so indexing and assembly run identically everywhere.
 */
export interface FileSource {
  /** Path relative to the opened folder, '/'-separated; every message about the file names it. */
  readonly path: string;
  /** Size in bytes. */
  readonly size: number;
  /**
   * Bytes [start, end); end defaults to `size`. Must reject (not throw synchronously) on I/O failure.
   * They may be a view of bytes the source keeps (a read cache, pixel data kept from indexing):
   * read-only for the caller, who copies before modifying or transferring them.
   */
  read(start?: number, end?: number): Promise<Uint8Array>;
  /**
   * Optional: bytes [start, start + target.length) copied into `target`, for a reader that
   * consumes them at once and reuses its buffer (assembly of uncompressed frames): a large series
   * is then not read into fresh memory file by file, whose first touch costs more than the read
   * (CLI, docs/benchmarks.md). Resolves with the bytes read (fewer only at the end of the file).
   */
  readInto?(target: Uint8Array, start: number): Promise<number>;
}
