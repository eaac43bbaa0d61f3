import { decodeIndex } from '../core/dicom/indexCodec';
import type { IndexOptions } from '../core/dicom/indexFiles';
import type { FileSource } from '../core/io/FileSource';
import type { PreIndexedFolder } from '../core/io/PreIndexedFolder';

/**
 * A demo file: bytes [start, start + size) of the pack in memory, read without a trip to the
 * browser process. Its Blob (what the image loader registers, and index workers read) is sliced
 * on first use only: each Blob.slice is a synchronous call to the browser process, and the pack's
 * own Blob a 40 MB copy there, which opening the demo with its stored index never needs.
 */
class PackFileSource implements FileSource {
  private slice: Blob | null = null;

  constructor(
    readonly path: string,
    private readonly pack: { bytes: Uint8Array; blob(): Blob },
    private readonly start: number,
    readonly size: number,
    /** The demo's stored index (PreIndexedMember), when the build shipped one. */
    readonly indexedBy?: PreIndexedFolder,
  ) {}

  get blob(): Blob {
    return (this.slice ??= this.pack.blob().slice(this.start, this.start + this.size));
  }

  async read(start = 0, end = this.size): Promise<Uint8Array> {
    const from = Math.min(Math.max(0, start), this.size);
    const to = Math.max(from, Math.min(end, this.size));
    return this.pack.bytes.subarray(this.start + from, this.start + to);
  }
}

/**
 * The demo's files from its pack (the files end to end in manifest order, `pack`). With
 * `storedIndex` (the build's demo/index.json, indexCodec text, made from the same files in the
 * same order by the same indexing code), the folder is indexed by decoding it rather than by
 * reading 1,956 headers; without it (an older build), the index workers index it.
 */
export function demoFiles(entries: readonly { path: string; size: number }[], pack: Uint8Array, storedIndex: string | null): FileSource[] {
  let blob: Blob | null = null;
  const packed = { bytes: pack, blob: () => (blob ??= new Blob([pack as BlobPart])) };
  const folder: PreIndexedFolder | undefined =
    storedIndex === null
      ? undefined
      : {
          fileCount: entries.length,
          async index(opts: IndexOptions) {
            opts.signal?.throwIfAborted();
            const index = decodeIndex(storedIndex);
            if (index.fileCount !== entries.length) throw new Error(`demo/index.json lists ${index.fileCount} files, the manifest ${entries.length}: rebuild the demo`);
            opts.onProgress?.(entries.length, entries.length);
            return index;
          },
        };
  let offset = 0;
  return entries.map((e) => {
    const source = new PackFileSource(e.path, packed, offset, e.size, folder);
    offset += e.size;
    return source;
  });
}

/** Least time between two download progress reports (ms). */
const PROGRESS_INTERVAL_MS = 100;

/**
 * The body of `response` in one buffer of `expected` bytes (the manifest's total), reporting bytes
 * received (at most every PROGRESS_INTERVAL_MS, and at the end); rejects when the server sends another amount.
 */
export async function readPack(response: Response, expected: number, url: string, onProgress?: (loaded: number, total: number) => void): Promise<Uint8Array> {
  const pack = new Uint8Array(expected);
  let loaded = 0;
  let reported = -Infinity;
  const mismatch = (got: string) => new Error(`${url}: ${got} bytes, the manifest lists ${expected}: rebuild the demo (npm run demo)`);
  if (!response.body) {
    const whole = new Uint8Array(await response.arrayBuffer());
    if (whole.length !== expected) throw mismatch(String(whole.length));
    return whole;
  }
  const reader = response.body.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    if (loaded + r.value.length > expected) {
      await reader.cancel();
      throw mismatch(`more than ${expected}`);
    }
    pack.set(r.value, loaded);
    loaded += r.value.length;
    // A few reports a second: each one re-renders the progress bar on the thread reading the pack.
    const now = performance.now();
    if (onProgress && (now - reported >= PROGRESS_INTERVAL_MS || loaded === expected)) {
      reported = now;
      onProgress(loaded, expected);
    }
  }
  if (loaded !== expected) throw mismatch(String(loaded));
  return pack;
}
