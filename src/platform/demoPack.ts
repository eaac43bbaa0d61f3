import { decodeIndex } from '../core/dicom/indexCodec';
import type { IndexOptions } from '../core/dicom/indexFiles';
import type { FileSource } from '../core/io/FileSource';
import type { PreIndexedFolder, PreIndexedMember } from '../core/io/PreIndexedFolder';
import { BlobFileSource } from '../workers/indexBlobSource';

/** A demo file: a slice of the pack, its bytes served from the pack in memory, its index shipped with the demo. */
class DemoFileSource extends BlobFileSource implements PreIndexedMember {
  constructor(
    path: string,
    blob: Blob,
    readonly indexedBy: PreIndexedFolder,
  ) {
    super(path, blob);
  }
}

/**
 * The demo's files from its pack (the files end to end in manifest order, `pack`), each a Blob
 * slice for the image loader with its bytes kept from the pack (no read goes back to the browser
 * process). With `storedIndex` (the build's demo/index.json, indexCodec text, made from the same
 * files in the same order by the same indexing code), the folder is indexed by decoding it rather
 * than by reading 1,956 headers; without it (an older build), the index workers index it.
 */
export function demoFiles(entries: readonly { path: string; size: number }[], pack: Uint8Array, storedIndex: string | null): FileSource[] {
  const blob = new Blob([pack as BlobPart]);
  const folder: PreIndexedFolder | null =
    storedIndex === null
      ? null
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
    const start = offset;
    offset += e.size;
    const slice = blob.slice(start, offset);
    const source = folder ? new DemoFileSource(e.path, slice, folder) : new BlobFileSource(e.path, slice);
    source.setKnownSize(e.size);
    source.keep({ start: 0, bytes: pack.subarray(start, offset) });
    return source;
  });
}

/**
 * The body of `response` in one buffer of `expected` bytes (the manifest's total), reporting bytes
 * received; rejects when the server sends another amount.
 */
export async function readPack(response: Response, expected: number, url: string, onProgress?: (loaded: number, total: number) => void): Promise<Uint8Array> {
  const pack = new Uint8Array(expected);
  let loaded = 0;
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
    onProgress?.(loaded, expected);
  }
  if (loaded !== expected) throw mismatch(String(loaded));
  return pack;
}
