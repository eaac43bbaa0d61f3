import type { FileSource } from '../../../src/core/io/FileSource';

/**
 * A tiny DICOM byte writer for tests: explicit or implicit VR little endian, element by element,
 * so tests can write exactly the (private, untyped, malformed) elements a vendor path needs.
 */
export type Value = string | Uint8Array | { fd: number[] } | { fl: number[] } | { us: number } | { sq: El[][] };
export interface El {
  tag: [number, number];
  vr: string;
  value: Value;
}

export const el = (group: number, element: number, vr: string, value: Value): El => ({ tag: [group, element], vr, value });

function valueBytes(v: Value): Uint8Array {
  if (typeof v === 'string') {
    const s = v.length % 2 === 0 ? v : `${v} `;
    return Uint8Array.from(s, (c) => c.charCodeAt(0));
  }
  if (v instanceof Uint8Array) return v.length % 2 === 0 ? v : Uint8Array.from([...v, 0]);
  if ('fd' in v) return new Uint8Array(new Float64Array(v.fd).buffer);
  if ('fl' in v) return new Uint8Array(new Float32Array(v.fl).buffer);
  if ('us' in v) return new Uint8Array(new Uint16Array([v.us]).buffer);
  throw new Error('sequence handled by encode');
}

function u16(n: number): number[] {
  return [n & 0xff, (n >> 8) & 0xff];
}
function u32(n: number): number[] {
  return [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
}

/** Encodes elements (sorted by tag) in the given VR mode; sequences use undefined lengths. */
export function encode(elements: El[], explicit: boolean): Uint8Array {
  const parts: Uint8Array[] = [];
  let out: number[] = [];
  const flush = (): void => {
    parts.push(Uint8Array.from(out));
    out = [];
  };
  const sorted = [...elements].sort((a, b) => a.tag[0] - b.tag[0] || a.tag[1] - b.tag[1]);
  for (const e of sorted) {
    out.push(...u16(e.tag[0]), ...u16(e.tag[1]));
    if (typeof e.value === 'object' && 'sq' in e.value) {
      if (explicit) out.push(0x53, 0x51, 0, 0);
      out.push(...u32(0xffffffff));
      for (const item of e.value.sq) {
        out.push(...u16(0xfffe), ...u16(0xe000), ...u32(0xffffffff));
        flush();
        parts.push(encode(item, explicit));
        out.push(...u16(0xfffe), ...u16(0xe00d), ...u32(0));
      }
      out.push(...u16(0xfffe), ...u16(0xe0dd), ...u32(0));
      continue;
    }
    const bytes = valueBytes(e.value);
    if (!explicit) out.push(...u32(bytes.length));
    else if (['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'OD'].includes(e.vr)) out.push(e.vr.charCodeAt(0), e.vr.charCodeAt(1), 0, 0, ...u32(bytes.length));
    else out.push(e.vr.charCodeAt(0), e.vr.charCodeAt(1), ...u16(bytes.length));
    flush();
    parts.push(bytes);
  }
  flush();
  return concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A Part 10 file: preamble (optional), DICM, meta group, data set. */
export function part10(elements: El[], opts: { explicit?: boolean; preamble?: boolean; sopClass?: string } = {}): Uint8Array {
  const explicit = opts.explicit ?? true;
  const meta = encode(
    [
      el(0x0002, 0x0002, 'UI', `${opts.sopClass ?? '1.2.840.10008.5.1.4.1.1.4'}\0`.slice(0, 26)),
      el(0x0002, 0x0010, 'UI', explicit ? '1.2.840.10008.1.2.1\0' : '1.2.840.10008.1.2\0'),
    ],
    true,
  );
  const body = encode(elements, explicit);
  const head = new Uint8Array(opts.preamble === false ? 0 : 128);
  return concat([head, Uint8Array.from([0x44, 0x49, 0x43, 0x4d]), meta, body]);
}

/** An in-memory FileSource. */
export function memFile(path: string, bytes: Uint8Array): FileSource {
  return {
    path,
    size: bytes.length,
    read: async (start = 0, end = bytes.length) => bytes.slice(start, end),
  };
}

export interface MrOptions {
  seriesUID?: string;
  instance: number;
  position: [number, number, number];
  orientation?: number[];
  rows?: number;
  columns?: number;
  manufacturer?: string;
  imageType?: string;
  extra?: El[];
  pixelSpacing?: [number, number];
}

/** A classic MR image with geometry, tiny pixel data and any extra (vendor) elements. */
export function mrElements(o: MrOptions): El[] {
  const rows = o.rows ?? 4;
  const columns = o.columns ?? 4;
  return [
    el(0x0008, 0x0008, 'CS', o.imageType ?? 'ORIGINAL\\PRIMARY\\DIFFUSION'),
    el(0x0008, 0x0016, 'UI', '1.2.840.10008.5.1.4.1.1.4\0'),
    el(0x0008, 0x0018, 'UI', `1.2.3.${o.instance}`),
    el(0x0008, 0x0060, 'CS', 'MR'),
    el(0x0008, 0x0070, 'LO', o.manufacturer ?? 'ACME'),
    el(0x0008, 0x103e, 'LO', 'DTI test'),
    el(0x0010, 0x0010, 'PN', 'Test^Patient'),
    el(0x0010, 0x0020, 'LO', 'P1'),
    el(0x0020, 0x000d, 'UI', '1.2.3.100'),
    el(0x0020, 0x000e, 'UI', o.seriesUID ?? '1.2.3.200'),
    el(0x0020, 0x0011, 'IS', '7'),
    el(0x0020, 0x0013, 'IS', String(o.instance)),
    el(0x0020, 0x0032, 'DS', o.position.join('\\')),
    el(0x0020, 0x0037, 'DS', (o.orientation ?? [1, 0, 0, 0, 1, 0]).join('\\')),
    el(0x0028, 0x0002, 'US', { us: 1 }),
    el(0x0028, 0x0010, 'US', { us: rows }),
    el(0x0028, 0x0011, 'US', { us: columns }),
    el(0x0028, 0x0030, 'DS', (o.pixelSpacing ?? [2, 2]).join('\\')),
    el(0x0028, 0x0100, 'US', { us: 16 }),
    el(0x0018, 0x0050, 'DS', '3'),
    ...(o.extra ?? []),
    el(0x7fe0, 0x0010, 'OW', new Uint8Array(rows * columns * 2)),
  ];
}

/** A Siemens CSA2 ("SV10") blob with the given tags. */
export function csa2(tags: Record<string, string[]>): Uint8Array {
  const out: number[] = [0x53, 0x56, 0x31, 0x30, 4, 3, 2, 1, ...u32(Object.keys(tags).length), ...u32(77)];
  for (const [name, values] of Object.entries(tags)) {
    const nameBytes = new Array(64).fill(0);
    for (let i = 0; i < name.length; i++) nameBytes[i] = name.charCodeAt(i);
    out.push(...nameBytes, ...u32(values.length), 0x46, 0x44, 0, 0, ...u32(4), ...u32(values.length), ...u32(77));
    for (const v of values) {
      const bytes = Array.from(`${v}\0`, (c) => c.charCodeAt(0));
      out.push(...u32(bytes.length), ...u32(bytes.length), ...u32(77), ...u32(bytes.length));
      out.push(...bytes, ...new Array((4 - (bytes.length % 4)) % 4).fill(0));
    }
  }
  return Uint8Array.from(out);
}
