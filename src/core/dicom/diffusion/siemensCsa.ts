/**
 * Siemens CSA header (private (0029,xx10) image / (0029,xx20) series blobs), both layouts:
 * CSA2 starts with "SV10" + 4 bytes, CSA1 starts directly with the tag count. Always little endian.
 * Layout per tag (84 bytes): name[64], vm i32, vr[4], syngodt i32, nItems i32, marker i32; then per
 * item four i32 (item length is the second for CSA2, first minus the tag count for CSA1) and the
 * value text padded to 4 bytes. Returns tag name → item strings (empty items dropped).
 * Malformed blobs yield what was read before the damage, never throw: CSA is an optional extra.
 */
export function parseCsa(bytes: Uint8Array): Map<string, string[]> {
  const tags = new Map<string, string[]>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const csa2 = bytes.length >= 4 && ascii(bytes, 0, 4) === 'SV10';
  let pos = csa2 ? 8 : 0;
  if (pos + 8 > bytes.length) return tags;
  const nTags = view.getUint32(pos, true);
  pos += 8;
  if (nTags < 1 || nTags > 1000) return tags;
  for (let t = 0; t < nTags; t++) {
    if (pos + 84 > bytes.length) return tags;
    const name = ascii(bytes, pos, 64);
    const nItems = view.getInt32(pos + 76, true);
    pos += 84;
    if (nItems < 0 || nItems > 10000) return tags;
    const values: string[] = [];
    for (let i = 0; i < nItems; i++) {
      if (pos + 16 > bytes.length) return tags;
      const itemLength = csa2 ? view.getInt32(pos + 4, true) : view.getInt32(pos, true) - nTags;
      pos += 16;
      if (itemLength < 0 || pos + itemLength > bytes.length) return tags;
      const value = ascii(bytes, pos, itemLength).trim();
      if (value !== '') values.push(value);
      pos += Math.ceil(itemLength / 4) * 4;
    }
    tags.set(name, values);
  }
  return tags;
}

/** Numeric items of a CSA tag, or null when absent/empty/non-numeric. */
export function csaNumbers(csa: Map<string, string[]>, name: string): number[] | null {
  const values = csa.get(name);
  if (!values || values.length === 0) return null;
  const numbers = values.map(Number);
  return numbers.every(Number.isFinite) ? numbers : null;
}

/**
 * The ASCCONV Phoenix protocol text embedded in the series CSA header (from "### ASCCONV BEGIN",
 * or the whole blob when that marker is missing). Decoded once per file: the protocol is the only
 * copy of the slice count and slice positions when anonymisers strip the image CSA header.
 */
export function protocolText(bytes: Uint8Array): string {
  const text = ascii(bytes, 0, bytes.length, false);
  const start = text.indexOf('### ASCCONV BEGIN');
  return start >= 0 ? text.slice(start) : text;
}

/** A numeric field of protocol text (e.g. `sSliceArray.lSize`, hex `0x1` included), or null when absent. */
export function protocolNumber(protocol: string, key: string): number | null {
  const escaped = key.replace(/[.[\]]/g, (c) => `\\${c}`);
  const match = new RegExp(`(?:^|\\n)\\s*${escaped}\\s*=\\s*(0x[0-9a-fA-F]+|-?[0-9.eE+-]+)`).exec(protocol);
  if (!match) return null;
  const value = Number(match[1]);
  return Number.isFinite(value) ? value : null;
}

function ascii(bytes: Uint8Array, start: number, length: number, stopAtNul = true): string {
  let s = '';
  const end = Math.min(bytes.length, start + length);
  for (let i = start; i < end; i++) {
    if (bytes[i] === 0 && stopAtNul) break;
    s += String.fromCharCode(bytes[i]);
  }
  return s;
}
