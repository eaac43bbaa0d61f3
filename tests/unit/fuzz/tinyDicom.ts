import { deflateSync } from 'fflate';

/**
 * A byte-level DICOM encoder for fuzz seeds: every encoding the parser must survive (explicit and
 * implicit VR little endian, explicit VR big endian, deflated, encapsulated pixel data), with
 * undefined-length sequences and delimiters written exactly as scanners write them. dcmjs writes
 * neither big endian pixel data nor deflate, hence this ~100-line writer instead of the fixture one.
 */

/** One element. `tag` is 0xGGGGEEEE; the value form follows the VR. */
export type Element =
  | { tag: number; vr: 'US'; value: number[] }
  | { tag: number; vr: 'UL' | 'FD' | 'FL'; value: number[] }
  | { tag: number; vr: 'OW'; value: Uint16Array }
  | { tag: number; vr: 'OB'; value: Uint8Array }
  | { tag: number; vr: 'SQ'; value: Element[][] }
  /** Encapsulated pixel data: empty Basic Offset Table, then one fragment per entry. */
  | { tag: number; vr: 'OB'; fragments: Uint8Array[] }
  | { tag: number; vr: string; value: string };

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'SQ', 'UN', 'UT', 'UC', 'UR']);

class Writer {
  private chunks: number[] = [];
  constructor(
    readonly little: boolean,
    readonly explicit: boolean,
  ) {}
  u16(v: number): void {
    if (this.little) this.chunks.push(v & 0xff, (v >> 8) & 0xff);
    else this.chunks.push((v >> 8) & 0xff, v & 0xff);
  }
  u32(v: number): void {
    const b = [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
    this.chunks.push(...(this.little ? b : b.reverse()));
  }
  bytes(b: ArrayLike<number>): void {
    for (let i = 0; i < b.length; i++) this.chunks.push(b[i]);
  }
  done(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

function valueBytes(el: Exclude<Element, { fragments: Uint8Array[] }>, little: boolean): Uint8Array {
  const w = new Writer(little, true);
  switch (el.vr) {
    case 'US':
      for (const v of el.value as number[]) w.u16(v);
      return w.done();
    case 'UL':
      for (const v of el.value as number[]) w.u32(v);
      return w.done();
    case 'FD':
    case 'FL': {
      const size = el.vr === 'FD' ? 8 : 4;
      const out = new Uint8Array((el.value as number[]).length * size);
      const view = new DataView(out.buffer);
      (el.value as number[]).forEach((v, i) => (size === 8 ? view.setFloat64(i * 8, v, little) : view.setFloat32(i * 4, v, little)));
      return out;
    }
    case 'OW': {
      for (const v of el.value as Uint16Array) w.u16(v);
      return w.done();
    }
    case 'OB':
      return el.value as Uint8Array;
    default: {
      const text = el.value as string;
      const padded = text.length % 2 === 0 ? text : text + (el.vr === 'UI' ? '\0' : ' ');
      return Uint8Array.from(padded, (c) => c.charCodeAt(0));
    }
  }
}

function writeElement(w: Writer, el: Element): void {
  w.u16(el.tag >>> 16);
  w.u16(el.tag & 0xffff);
  const vr = el.vr;
  const header = (length: number) => {
    if (w.explicit) {
      w.bytes([vr.charCodeAt(0), vr.charCodeAt(1)]);
      if (LONG_VRS.has(vr)) {
        w.u16(0);
        w.u32(length);
      } else w.u16(length);
    } else w.u32(length);
  };
  if ('fragments' in el) {
    header(0xffffffff);
    writeItemHeader(w, 0xe000, 0);
    for (const f of el.fragments) {
      const even = f.length % 2 === 0 ? f : Uint8Array.from([...f, 0]);
      writeItemHeader(w, 0xe000, even.length);
      w.bytes(even);
    }
    writeItemHeader(w, 0xe0dd, 0);
    return;
  }
  if (vr === 'SQ') {
    header(0xffffffff);
    for (const item of el.value as Element[][]) {
      writeItemHeader(w, 0xe000, 0xffffffff);
      for (const child of item) writeElement(w, child);
      writeItemHeader(w, 0xe00d, 0);
    }
    writeItemHeader(w, 0xe0dd, 0);
    return;
  }
  const bytes = valueBytes(el, w.little);
  header(bytes.length);
  w.bytes(bytes);
}

function writeItemHeader(w: Writer, element: number, length: number): void {
  w.u16(0xfffe);
  w.u16(element);
  w.u32(length);
}

/** Data set bytes (no meta) in one of the three native byte layouts; elements in ascending tag order. */
export function encodeBody(elements: Element[], layout: { littleEndian: boolean; explicitVr: boolean }): Uint8Array {
  const body = new Writer(layout.littleEndian, layout.explicitVr);
  for (const el of elements) writeElement(body, el);
  return body.done();
}

/** 128-byte preamble, "DICM" and the meta group (explicit LE, with its group length) naming `transferSyntax`. */
export function metaGroup(transferSyntax: string, sopInstanceUID = '2.25.1'): Uint8Array {
  const metaBody = new Writer(true, true);
  for (const el of [
    { tag: 0x00020001, vr: 'OB', value: Uint8Array.of(0, 1) },
    { tag: 0x00020002, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.4' },
    { tag: 0x00020003, vr: 'UI', value: sopInstanceUID },
    { tag: 0x00020010, vr: 'UI', value: transferSyntax },
  ] as Element[])
    writeElement(metaBody, el);
  const meta = metaBody.done();
  const group = new Writer(true, true);
  writeElement(group, { tag: 0x00020000, vr: 'UL', value: [meta.length] });
  const head = group.done();
  const out = new Uint8Array(132 + head.length + meta.length);
  out.set([0x44, 0x49, 0x43, 0x4d], 128);
  out.set(head, 132);
  out.set(meta, 132 + head.length);
  return out;
}

/** Meta + data set; the data set raw-deflated when `deflate` (PS3.5 A.5). */
export function joinPart10(meta: Uint8Array, body: Uint8Array, deflate: boolean): Uint8Array {
  const data = deflate ? deflateSync(body) : body;
  const out = new Uint8Array(meta.length + data.length);
  out.set(meta, 0);
  out.set(data, meta.length);
  return out;
}

/**
 * PackBits-style RLE (PS3.5 Annex G) of one frame of 16-bit samples: two segments (high bytes, then
 * low bytes), literal runs only — valid, and enough to exercise the decoder's header and run logic.
 */
export function rleFrame16(samples: Uint16Array): Uint8Array {
  const segment = (bytes: number[]): number[] => {
    const out: number[] = [];
    for (let i = 0; i < bytes.length; i += 128) {
      const run = bytes.slice(i, i + 128);
      out.push(run.length - 1, ...run);
    }
    return out.length % 2 === 0 ? out : [...out, 0];
  };
  const high = segment(Array.from(samples, (v) => v >> 8));
  const low = segment(Array.from(samples, (v) => v & 0xff));
  const header = new DataView(new ArrayBuffer(64));
  header.setUint32(0, 2, true);
  header.setUint32(4, 64, true);
  header.setUint32(8, 64 + high.length, true);
  return Uint8Array.from([...new Uint8Array(header.buffer), ...high, ...low]);
}
