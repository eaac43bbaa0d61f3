/**
 * A file's bytes laid out as the Part 10 file dicom-parser insists on, for the same three layouts
 * the indexer accepts (parseHeader), so every file it lists can also be decoded:
 * - preamble + "DICM" at byte 128: returned unchanged;
 * - "DICM" at byte 0 (preamble stripped): 128 zero bytes prepended;
 * - a bare data set (ACR-NEMA style export) starting with a group-0008 element: wrapped in a synthetic
 *   preamble and meta header naming explicit VR LE when two capital letters sit at byte 4, else implicit.
 * Byte offsets into the result exceed offsets into the file by `result.length - bytes.length`.
 * Null for anything else.
 */
export function asPart10(bytes: Uint8Array): Uint8Array | null {
  if (hasMagic(bytes, 128)) return bytes;
  if (hasMagic(bytes, 0)) return concat(new Uint8Array(128), bytes);
  if (bytes.length < 8 || bytes[0] !== 0x08 || bytes[1] !== 0x00) return null;
  const explicit = isUpper(bytes[4]) && isUpper(bytes[5]);
  return concat(metaHeader(explicit ? '1.2.840.10008.1.2.1' : '1.2.840.10008.1.2'), bytes);
}

/** 128-byte preamble, "DICM", and a single (0002,0010) TransferSyntaxUID element (explicit VR LE). */
export function metaHeader(transferSyntax: string): Uint8Array {
  const uid = transferSyntax.length % 2 === 0 ? transferSyntax : `${transferSyntax}\0`;
  const out = new Uint8Array(132 + 8 + uid.length);
  out.set([0x44, 0x49, 0x43, 0x4d], 128);
  out.set([0x02, 0x00, 0x10, 0x00, 0x55, 0x49, uid.length & 0xff, uid.length >> 8], 132);
  for (let i = 0; i < uid.length; i++) out[140 + i] = uid.charCodeAt(i);
  return out;
}

function concat(head: Uint8Array, tail: Uint8Array): Uint8Array {
  const out = new Uint8Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}

function hasMagic(bytes: Uint8Array, at: number): boolean {
  return bytes.length >= at + 4 && bytes[at] === 0x44 && bytes[at + 1] === 0x49 && bytes[at + 2] === 0x43 && bytes[at + 3] === 0x4d;
}

export function isUpper(b: number | undefined): boolean {
  return b !== undefined && b >= 0x41 && b <= 0x5a;
}
