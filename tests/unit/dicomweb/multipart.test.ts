import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentTypeParameter, mediaType, MultipartError, multipartBoundary, parseMultipart } from '../../../src/core/dicomweb/multipart';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A multipart body from parts (bytes may contain CR, LF and dashes, like DICOM pixel data). */
function body(boundary: string, parts: (string | Uint8Array)[], { preamble = '', close = true } = {}): Uint8Array {
  const chunks: Uint8Array[] = [enc.encode(preamble)];
  for (const p of parts) {
    chunks.push(enc.encode(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), typeof p === 'string' ? enc.encode(p) : p, enc.encode('\r\n'));
  }
  if (close) chunks.push(enc.encode(`--${boundary}--\r\n`));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

describe('multipart Content-Type', () => {
  it('reads the media type, quoted and bare parameters', () => {
    const ct = 'Multipart/Related; type="application/dicom"; boundary=abc-123; transfer-syntax=*';
    expect(mediaType(ct)).toBe('multipart/related');
    expect(contentTypeParameter(ct, 'type')).toBe('application/dicom');
    expect(contentTypeParameter(ct, 'BOUNDARY')).toBe('abc-123');
    expect(multipartBoundary('multipart/related; boundary="a b;c"')).toBe('a b;c');
  });

  it('refuses a non-multipart type and a missing boundary, saying so', () => {
    expect(() => multipartBoundary('application/json')).toThrow(/expected a multipart\/related response, got 'application\/json'/);
    expect(() => multipartBoundary('')).toThrow(/no Content-Type/);
    expect(() => multipartBoundary('multipart/related; type="application/dicom"')).toThrow(/names no boundary/);
  });
});

describe('parseMultipart', () => {
  it('splits parts exactly, binary bytes that look like line breaks and dashes included', () => {
    const binary = new Uint8Array([0, 13, 10, 45, 45, 13, 10, 13, 10, 255]);
    const parts = parseMultipart(body('BND', ['first', binary, '']), 'BND');
    expect(parts).toHaveLength(3);
    expect(dec.decode(parts[0].body)).toBe('first');
    expect(Array.from(parts[1].body)).toEqual(Array.from(binary));
    expect(parts[2].body.length).toBe(0);
    expect(parts[0].headers['content-type']).toBe('application/dicom');
  });

  it('ignores a preamble and an epilogue', () => {
    const b = body('x', ['one', 'two'], { preamble: 'ignored preamble\r\n' });
    const withEpilogue = new Uint8Array([...b, ...enc.encode('epilogue')]);
    expect(parseMultipart(withEpilogue, 'x').map((p) => dec.decode(p.body))).toEqual(['one', 'two']);
  });

  it('returns no parts for an empty multipart (only the closing boundary)', () => {
    expect(parseMultipart(enc.encode('--b--\r\n'), 'b')).toEqual([]);
  });

  it('rejects a body truncated inside a part or before its closing boundary', () => {
    const full = body('b', ['aaaa', 'bbbb']);
    const insidePart = full.subarray(0, full.length - 11);
    expect(() => parseMultipart(insidePart, 'b')).toThrow(MultipartError);
    expect(() => parseMultipart(insidePart, 'b')).toThrow(/part 2 has no closing boundary.*truncated/);
    const noClose = body('b', ['aaaa'], { close: false });
    expect(() => parseMultipart(noClose, 'b')).toThrow(/part 1 has no closing boundary/);
    const endsAtBoundary = enc.encode('--b\r\n\r\naaaa\r\n--b');
    expect(() => parseMultipart(endsAtBoundary, 'b')).toThrow(/ends after part 1 without its closing boundary/);
  });

  it('rejects a body without its boundary, and a part without the blank line after its headers', () => {
    expect(() => parseMultipart(enc.encode('<html>Proxy error</html>'), 'b')).toThrow(/does not contain its boundary 'b'/);
    expect(() => parseMultipart(enc.encode('--b\r\nContent-Type: application/dicom'), 'b')).toThrow(/part 1 has no blank line after its headers/);
    expect(() => parseMultipart(enc.encode('--b\r\nnot a header\r\n\r\nx\r\n--b--'), 'b')).toThrow(/not 'Name: value'/);
  });
});

describe('parseMultipart on random bodies (fast-check, seeded)', () => {
  const boundary = 'DTI-boundary-7f3a9c';
  const parts = fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 6 });

  it('gives back every part byte for byte', () => {
    fc.assert(
      fc.property(parts, (ps) => {
        const parsed = parseMultipart(body(boundary, ps), boundary);
        expect(parsed.map((p) => Array.from(p.body))).toEqual(ps.map((p) => Array.from(p)));
      }),
      { seed: 21, numRuns: 300 },
    );
  });

  it('refuses every truncation before the closing boundary with a MultipartError, never fewer parts', () => {
    fc.assert(
      fc.property(parts, fc.double({ min: 0, max: 1, noNaN: true }), (ps, at) => {
        const full = body(boundary, ps);
        // The closing '--boundary--' is followed by CRLF, which is epilogue: cutting that off is still whole.
        const cut = Math.floor(at * (full.length - 2));
        if (cut >= full.length - 2) return;
        expect(() => parseMultipart(full.subarray(0, cut), boundary)).toThrow(MultipartError);
      }),
      { seed: 21, numRuns: 500 },
    );
  });
});
