import dicomParser from 'dicom-parser';
import { BoundedInflate } from './boundedInflate';
import { DicomError } from './errors';
import { parseExplicitLittleEndianLazy, readPart10HeaderFast } from './parseExplicitLittleEndian';
import { isUpper, metaHeader } from './pixels/asPart10';

/** Tag at which header parsing stops: Pixel Data is never needed to index a file. */
export const PIXEL_DATA_TAG = 'x7fe00010';

/**
 * Most bytes a header (everything before Pixel Data) may take, read from the file or inflated from a
 * deflated one: far above any real header (enhanced multi-frame ones run to a few MiB), far below
 * what a wrong element length or a deflate bomb would otherwise make us read or allocate.
 */
export const MAX_HEADER_BYTES = 64 * 2 ** 20;

/** Inflated bytes parsed first, grown ×4 up to MAX_HEADER_BYTES until Pixel Data is reached. */
const FIRST_INFLATED = 512 * 1024;

const MIB = 2 ** 20;

const DEFLATED_EXPLICIT_LE = '1.2.840.10008.1.2.1.99';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const IMPLICIT_LE = '1.2.840.10008.1.2';

/** A parsed header and the file's own transfer syntax (deflated files are parsed from their inflated copy). */
export interface ParsedHeader {
  dataSet: dicomParser.DataSet;
  transferSyntaxUID: string;
  /** Bytes the element offsets count in when complete: the file size, or the inflated size of a deflated file. */
  contentLength: number;
}

/** Outcome of one parse attempt over a prefix of a file. */
export type HeaderParse =
  | { kind: 'complete'; header: ParsedHeader }
  /** The prefix ended inside the header: the caller should read more bytes. */
  | { kind: 'needMore' };

/**
 * Parses a DICOM header from `bytes`, which may be only a prefix of a file of `fileSize` bytes.
 * Accepts Part 10 files (explicit/implicit LE, explicit BE, deflated), Part 10 files missing the
 * 128-byte preamble, and bare data sets without any meta header (old ACR-NEMA style exports).
 * Every failure on bad input is a DicomError naming `file`; dicom-parser's string throws are wrapped.
 */
export function parseHeader(file: string, bytes: Uint8Array, fileSize: number): HeaderParse {
  const whole = bytes.length >= fileSize;
  try {
    const header = parseAnyLayout(file, bytes, fileSize);
    if (!header) return { kind: 'needMore' };
    const overrun = withinBounds.has(header.dataSet) ? null : overrunningElement(header.dataSet);
    if (overrun) {
      // No header is that long: say so now instead of reading ever more of the file to find out.
      if (overrun.end > MAX_HEADER_BYTES) throw new DicomError(file, `not a readable DICOM file (element ${overrun.tag} declares ${overrun.length} bytes, past the ${MAX_HEADER_BYTES / MIB} MiB a header may take: wrong length or damaged)`);
      if (!whole) return { kind: 'needMore' };
      throw new DicomError(file, `not a readable DICOM file (element ${overrun.tag} runs past the end of the file: wrong length or truncated)`);
    }
    // A prefix can end exactly on an element boundary: only trust it once Pixel Data was reached.
    if (!whole && !header.dataSet.elements[PIXEL_DATA_TAG]) return { kind: 'needMore' };
    return { kind: 'complete', header };
  } catch (err) {
    if (err instanceof DicomError) throw err;
    if (!whole) return { kind: 'needMore' };
    // dicom-parser's words for a header running off the end of the data: say what that means for a file.
    const reason = /buffer overrun/i.test(describe(err)) ? `its header runs past the end of the file at ${fileSize} bytes: truncated or damaged` : describe(err);
    throw new DicomError(file, `not a readable DICOM file (${reason})`);
  }
}

/** The header, or null when `bytes` (a prefix of the file) is too short to tell. */
function parseAnyLayout(file: string, bytes: Uint8Array, fileSize: number): ParsedHeader | null {
  const whole = bytes.length >= fileSize;
  if (hasMagic(bytes, 128)) return parsePart10(file, bytes, fileSize, whole);
  if (hasMagic(bytes, 0)) {
    // Preamble missing: dicom-parser insists on it, so give it 128 zero bytes.
    const padded = new Uint8Array(bytes.length + 128);
    padded.set(bytes, 128);
    return parsePart10(file, padded, fileSize + 128, whole);
  }
  if (!startsWithGroup0008(bytes)) throw new DicomError(file, notDicomReason(bytes));
  const dataSet = parseBareDataSet(bytes);
  return { dataSet, transferSyntaxUID: IMPLICIT_LE, contentLength: fileSize + (dataSet.byteArray.length - bytes.length) };
}

/**
 * dicom-parser 1.8 parses an inflater's output from byte 0 yet keeps the meta elements' offsets
 * into the original bytes, so deflated files are inflated here instead and re-wrapped as explicit
 * VR little endian (what deflate wraps), keeping the real transfer syntax aside.
 */
function parsePart10(file: string, bytes: Uint8Array, fileSize: number, whole: boolean): ParsedHeader | null {
  const meta = readMeta(bytes);
  const transferSyntaxUID = (meta.string('x00020010') ?? '').replace(/\0/g, '').trim();
  if (transferSyntaxUID !== DEFLATED_EXPLICIT_LE) {
    return { dataSet: parseUntilPixelData(bytes, meta), transferSyntaxUID, contentLength: fileSize };
  }
  // readPart10Header leaves the end of the meta group in `position` (untyped in dicom-parser's d.ts).
  const dataSet = parseDeflated(file, bytes.subarray((meta as unknown as { position: number }).position), whole);
  return dataSet && { ...dataSet, transferSyntaxUID };
}

/**
 * Inflates a deflated data set only as far as its header goes: in steps growing ×4, each parsed,
 * until Pixel Data is reached or the stream ends; past MAX_HEADER_BYTES without either, the file is
 * refused (a 1.6 MB deflate bomb would otherwise inflate to gigabytes). Null when the compressed
 * prefix given runs out first. When parsing stopped at Pixel Data, the rest is not inflated and
 * `contentLength` assumes the pixel data complete: the decoder checks it when it inflates the file.
 */
function parseDeflated(file: string, compressed: Uint8Array, whole: boolean): Omit<ParsedHeader, 'transferSyntaxUID'> | null {
  const inflater = new BoundedInflate(compressed, whole, metaHeader(EXPLICIT_LE));
  for (let target = FIRST_INFLATED; ; target *= 4) {
    const wrapped = inflater.inflateTo(Math.min(target, MAX_HEADER_BYTES + 1));
    let dataSet: dicomParser.DataSet | null = null;
    try {
      dataSet = parseUntilPixelData(wrapped, readMeta(wrapped));
    } catch (err) {
      if (inflater.ended) throw err;
    }
    const pixels = dataSet?.elements[PIXEL_DATA_TAG];
    if (dataSet && (inflater.ended || pixels)) {
      const contentLength = inflater.ended || !pixels || pixels.length === 0xffffffff ? wrapped.length : pixels.dataOffset + pixels.length;
      return { dataSet, contentLength };
    }
    if (wrapped.length > MAX_HEADER_BYTES) {
      throw new DicomError(file, `not a readable DICOM file (its deflated data set inflates past ${MAX_HEADER_BYTES / MIB} MiB without reaching Pixel Data: a deflate bomb or a damaged file)`);
    }
    if (inflater.exhausted) return null;
  }
}

/**
 * A data set with no meta header. Only accepted when it starts with a group-0008 element, so
 * arbitrary files are not mistaken for DICOM. Wrapped in a synthetic preamble + meta header naming
 * implicit or explicit VR little endian (explicit recognised by two capital letters at byte 4), so
 * dicom-parser's one public entry point parses it.
 */
function parseBareDataSet(bytes: Uint8Array): dicomParser.DataSet {
  const explicit = isUpper(bytes[4]) && isUpper(bytes[5]);
  const meta = metaHeader(explicit ? EXPLICIT_LE : IMPLICIT_LE);
  const wrapped = new Uint8Array(meta.length + bytes.length);
  wrapped.set(meta, 0);
  wrapped.set(bytes, meta.length);
  return parseUntilPixelData(wrapped, readMeta(wrapped));
}

/** dicom-parser's readPart10Header, by its faster equivalent when that applies. */
function readMeta(bytes: Uint8Array): dicomParser.DataSet {
  return readPart10HeaderFast(bytes) ?? dicomParser.readPart10Header(bytes);
}

/**
 * Data sets from parseExplicitLittleEndian(Lazy): it declines any element running past the buffer, so
 * overrunningElement has nothing to find in them and is skipped.
 */
const withinBounds = new WeakSet<dicomParser.DataSet>();

/**
 * dicom-parser's parse up to Pixel Data, by the fast explicit-little-endian path when it applies (same
 * result; elements built when first read, which indexing does for a few dozen of hundreds).
 */
function parseUntilPixelData(bytes: Uint8Array, meta: dicomParser.DataSet): dicomParser.DataSet {
  const fast = parseExplicitLittleEndianLazy(bytes, meta, PIXEL_DATA_TAG);
  if (!fast) return dicomParser.parseDicom(bytes, { untilTag: PIXEL_DATA_TAG });
  withinBounds.add(fast);
  return fast;
}

/**
 * dicom-parser accepts an element whose stated length runs past the buffer when it is the last
 * one read; such a length is wrong (or the file is cut). Pixel Data is exempt: parsing stops at
 * its header and its bounds are checked by the indexer against the full file length.
 */
function overrunningElement(dataSet: dicomParser.DataSet): { tag: string; length: number; end: number } | null {
  for (const tag in dataSet.elements) {
    const element = dataSet.elements[tag];
    if (tag === PIXEL_DATA_TAG || element.length === 0xffffffff) continue;
    const end = element.dataOffset + element.length;
    if (end > dataSet.byteArray.length) return { tag: `(${tag.slice(1, 5)},${tag.slice(5)})`, length: element.length, end };
  }
  return null;
}

function startsWithGroup0008(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0x08 && bytes[1] === 0x00;
}

/**
 * Why a file is not DICOM at all, for the skipped list: files beside the images (manifests, notes,
 * reports) are expected there, so the reason says what the file looks like and that it is left alone.
 */
function notDicomReason(bytes: Uint8Array): string {
  const start = bytes.subarray(0, 512);
  const firstNonSpace = start.find((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0xef && b !== 0xbb && b !== 0xbf);
  const printable = start.every((b) => b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0d);
  const kind = start.length === 0 ? 'an empty file' : printable && (firstNonSpace === 0x7b || firstNonSpace === 0x5b) ? 'a JSON text file' : printable ? 'a text file' : 'binary data without the DICOM "DICM" marker';
  return `not a DICOM file (${kind}); left as is, only DICOM images are indexed`;
}

function hasMagic(bytes: Uint8Array, at: number): boolean {
  return bytes.length >= at + 4 && bytes[at] === 0x44 && bytes[at + 1] === 0x49 && bytes[at + 2] === 0x43 && bytes[at + 3] === 0x4d;
}

/** dicom-parser throws strings, Errors, or `{ exception, dataSet }` objects. */
function describe(err: unknown): string {
  if (err && typeof err === 'object' && 'exception' in err) return describe((err as { exception: unknown }).exception);
  return err instanceof Error ? err.message : String(err);
}
