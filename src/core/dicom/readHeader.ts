import type { FileSource } from '../io/FileSource';
import { DicomError } from './errors';
import { MAX_HEADER_BYTES, parseHeader, type ParsedHeader } from './parseHeader';

/**
 * First read size in bytes. Covers every classic single-frame header seen, including Siemens CSA
 * and Toshiba/Canon's ~80 KB private headers, so nearly every file is parsed after one read: a
 * second round trip per file costs more than the extra bytes (ingest bench).
 */
const FIRST_PREFIX = 512 * 1024;

/**
 * Reads just enough of a file to parse its header up to Pixel Data: a 512 KiB prefix, grown ×4
 * until the parse completes (enhanced multi-frame per-frame groups can be megabytes), never past
 * MAX_HEADER_BYTES: a file whose header has not ended there is refused with that reason instead of
 * read whole. Deflated files are inflated from the prefix too (parseHeader inflates what it has).
 */
export async function readHeader(source: FileSource): Promise<ParsedHeader> {
  let length = Math.min(FIRST_PREFIX, source.size);
  for (;;) {
    const bytes = await readBytes(source, length);
    const parsed = parseHeader(source.path, bytes, source.size);
    if (parsed.kind === 'complete') return parsed.header;
    if (length >= MAX_HEADER_BYTES) {
      throw new DicomError(source.path, `not a readable DICOM file (no Pixel Data within its first ${MAX_HEADER_BYTES / 2 ** 20} MiB, where any header ends: a wrong element length or a damaged file)`);
    }
    length = Math.min(length * 4, source.size, MAX_HEADER_BYTES);
  }
}

async function readBytes(source: FileSource, end: number): Promise<Uint8Array> {
  try {
    return await source.read(0, end);
  } catch (err) {
    throw new DicomError(source.path, `could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
}
