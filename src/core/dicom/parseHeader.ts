import dicomParser from 'dicom-parser';
import { inflateSync } from 'fflate';
import { DicomError } from './errors';
import { parseExplicitLittleEndianLazy, readPart10HeaderFast } from './parseExplicitLittleEndian';
import { isUpper, metaHeader } from './pixels/asPart10';

/** Tag at which header parsing stops: Pixel Data is never needed to index a file. */
export const PIXEL_DATA_TAG = 'x7fe00010';

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
    const overrun = withinBounds.has(header.dataSet) ? null : overrunningElement(header.dataSet);
    if (overrun) {
      if (!whole) return { kind: 'needMore' };
      throw new DicomError(file, `not a readable DICOM file (element ${overrun} runs past the end of the file: wrong length or truncated)`);
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

/** True when the file's transfer syntax is deflated: the whole file must be read before parsing. */
export function isDeflated(bytes: Uint8Array): boolean {
  return containsAscii(bytes.subarray(0, Math.min(bytes.length, 4096)), DEFLATED_EXPLICIT_LE);
}

function parseAnyLayout(file: string, bytes: Uint8Array, fileSize: number): ParsedHeader {
  if (hasMagic(bytes, 128)) return parsePart10(bytes, fileSize);
  if (hasMagic(bytes, 0)) {
    // Preamble missing: dicom-parser insists on it, so give it 128 zero bytes.
    const padded = new Uint8Array(bytes.length + 128);
    padded.set(bytes, 128);
    return parsePart10(padded, fileSize + 128);
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
function parsePart10(bytes: Uint8Array, fileSize: number): ParsedHeader {
  const meta = readMeta(bytes);
  const transferSyntaxUID = (meta.string('x00020010') ?? '').replace(/\0/g, '').trim();
  if (transferSyntaxUID !== DEFLATED_EXPLICIT_LE) {
    return { dataSet: parseUntilPixelData(bytes, meta), transferSyntaxUID, contentLength: fileSize };
  }
  // readPart10Header leaves the end of the meta group in `position` (untyped in dicom-parser's d.ts).
  const inflated = inflateSync(bytes.subarray((meta as unknown as { position: number }).position));
  const header = metaHeader(EXPLICIT_LE);
  const wrapped = new Uint8Array(header.length + inflated.length);
  wrapped.set(header, 0);
  wrapped.set(inflated, header.length);
  return { dataSet: parseUntilPixelData(wrapped, readMeta(wrapped)), transferSyntaxUID, contentLength: wrapped.length };
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
function overrunningElement(dataSet: dicomParser.DataSet): string | null {
  for (const tag in dataSet.elements) {
    const element = dataSet.elements[tag];
    if (tag === PIXEL_DATA_TAG || element.length === 0xffffffff) continue;
    if (element.dataOffset + element.length > dataSet.byteArray.length) return `(${tag.slice(1, 5)},${tag.slice(5)})`;
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


/** Whether `needle` (ASCII) occurs in `bytes`, compared byte by byte (no string built per file). */
function containsAscii(bytes: Uint8Array, needle: string): boolean {
  const first = needle.charCodeAt(0);
  outer: for (let i = bytes.indexOf(first); i >= 0 && i + needle.length <= bytes.length; i = bytes.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return true;
  }
  return false;
}

/** dicom-parser throws strings, Errors, or `{ exception, dataSet }` objects. */
function describe(err: unknown): string {
  if (err && typeof err === 'object' && 'exception' in err) return describe((err as { exception: unknown }).exception);
  return err instanceof Error ? err.message : String(err);
}
