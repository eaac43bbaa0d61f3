/**
 * multipart/related bodies (RFC 2046 §5.1, RFC 2387) as WADO-RS sends them: a boundary line,
 * part headers up to a blank line, the part's bytes, CRLF, the next boundary; `--boundary--` ends
 * the body. Pure: bytes in, byte views out; offsets are byte offsets into the body.
 */

/** A body that is not the multipart message its Content-Type announced; the message says why. */
export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

export interface MultipartPart {
  /** Header names lower-cased (Content-Type → content-type), values trimmed. */
  headers: Record<string, string>;
  /** The part's bytes: a view into the body, not a copy. */
  body: Uint8Array;
}

/** The Content-Type's media type, lower-cased, without parameters ('multipart/related'). */
export function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

/** A Content-Type parameter's value (quotes removed), or null; the name is matched case-insensitively. */
export function contentTypeParameter(contentType: string, name: string): string | null {
  const re = new RegExp(`;\\s*${name}\\s*=\\s*("([^"]*)"|[^;\\s]+)`, 'i');
  const m = re.exec(contentType);
  if (!m) return null;
  return m[2] ?? m[1];
}

/** The boundary of a multipart Content-Type; throws MultipartError when it is not multipart or names none. */
export function multipartBoundary(contentType: string): string {
  if (!mediaType(contentType).startsWith('multipart/')) {
    throw new MultipartError(`expected a multipart/related response, got '${contentType || 'no Content-Type'}'`);
  }
  const boundary = contentTypeParameter(contentType, 'boundary');
  if (!boundary) throw new MultipartError(`the multipart Content-Type names no boundary ('${contentType}')`);
  return boundary;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('latin1');
const CR = 13;
const LF = 10;
const DASH = 45;

/** First index ≥ from where `needle` occurs in `hay`, or -1. */
function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  const last = hay.length - needle.length;
  for (let i = hay.indexOf(first, from); i !== -1 && i <= last; i = hay.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError(`a part header line is not 'Name: value' ('${line.slice(0, 60)}')`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/**
 * Splits a multipart body into its parts. Strict where a lenient reader would silently drop
 * images: a body without the opening boundary, a part without its blank line after the headers,
 * or a body that ends before the closing `--boundary--` (a truncated transfer) throws
 * MultipartError saying which part and why. A preamble before the first boundary and an
 * epilogue after the last are ignored, as RFC 2046 requires.
 */
export function parseMultipart(body: Uint8Array, boundary: string): MultipartPart[] {
  const { parts, error } = parseMultipartPrefix(body, boundary);
  if (error) throw error;
  return parts;
}

/**
 * The parts of a body that may be cut short (a connection lost mid-transfer): every part whose
 * closing boundary arrived, and the error that stopped the reading (null when the body is whole).
 * A part is only returned once the boundary after it was read, so no returned part is truncated.
 */
export function parseMultipartPrefix(body: Uint8Array, boundary: string): { parts: MultipartPart[]; error: MultipartError | null } {
  const parts: MultipartPart[] = [];
  try {
    splitParts(body, boundary, parts);
    return { parts, error: null };
  } catch (error) {
    if (!(error instanceof MultipartError)) throw error;
    return { parts, error };
  }
}

function splitParts(body: Uint8Array, boundary: string, parts: MultipartPart[]): void {
  const delimiter = encoder.encode(`--${boundary}`);
  // Every boundary after the first is preceded by CRLF, which belongs to the boundary, not the part.
  const next = encoder.encode(`\r\n--${boundary}`);
  let at = 0;
  if (indexOfBytes(body.subarray(0, delimiter.length), delimiter, 0) !== 0) {
    const found = indexOfBytes(body, next, 0);
    if (found === -1) throw new MultipartError(`the body does not contain its boundary '${boundary}'`);
    at = found + 2;
  }
  for (;;) {
    let p = at + delimiter.length;
    if (body[p] === DASH && body[p + 1] === DASH) return;
    // Transport padding (spaces/tabs) may follow a boundary before its CRLF.
    while (body[p] === 32 || body[p] === 9) p++;
    if (body[p] !== CR || body[p + 1] !== LF) {
      throw new MultipartError(p >= body.length ? `the body ends after part ${parts.length} without its closing boundary (truncated?)` : `boundary ${parts.length + 1} is not followed by a line break`);
    }
    p += 2;
    const blank = indexOfBytes(body, encoder.encode('\r\n\r\n'), p - 2);
    if (blank === -1) throw new MultipartError(`part ${parts.length + 1} has no blank line after its headers (truncated?)`);
    const headers = parseHeaders(decoder.decode(body.subarray(p, blank)));
    const start = blank + 4;
    const end = indexOfBytes(body, next, start);
    if (end === -1) throw new MultipartError(`part ${parts.length + 1} has no closing boundary: the body ends inside it (truncated?)`);
    parts.push({ headers, body: body.subarray(start, end) });
    at = end + 2;
  }
}
