import type { FileSource } from '../io/FileSource';
import { DicomError } from './errors';
import { isDeflated, parseHeader, type ParsedHeader } from './parseHeader';

/**
 * First read size in bytes. Covers every classic single-frame header seen, including Siemens CSA
 * and Toshiba/Canon's ~80 KB private headers, so nearly every file is parsed after one read: a
 * second round trip per file costs more than the extra bytes (ingest bench).
 */
const FIRST_PREFIX = 512 * 1024;

/**
 * Reads just enough of a file to parse its header up to Pixel Data: a 512 KiB prefix, grown ×4
 * until the parse completes (enhanced multi-frame per-frame groups can be megabytes). Deflated
 * files are read whole because a deflate stream cannot be inflated from a prefix.
 */
export async function readHeader(source: FileSource): Promise<ParsedHeader> {
  let length = Math.min(FIRST_PREFIX, source.size);
  for (;;) {
    const bytes = await readBytes(source, length);
    if (length < source.size && isDeflated(bytes)) {
      length = source.size;
      continue;
    }
    const parsed = parseHeader(source.path, bytes, source.size);
    if (parsed.kind === 'complete') return parsed.header;
    length = Math.min(length * 4, source.size);
  }
}

async function readBytes(source: FileSource, end: number): Promise<Uint8Array> {
  try {
    return await source.read(0, end);
  } catch (err) {
    throw new DicomError(source.path, `could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
}
