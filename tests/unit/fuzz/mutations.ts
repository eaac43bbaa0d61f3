import dicomParser from 'dicom-parser';
import fc from 'fast-check';
import type { Seed } from './seeds';

/**
 * Structure-aware mutations of a seed's data set: element length fields, VRs, item/sequence
 * delimiters, pixel-module values, plus plain byte noise. Offsets come from parsing the valid seed
 * once, so a mutation hits a real length field or VR rather than a random byte.
 */

/** Where one element (or item) header sits in a seed's body. */
export interface Mark {
  /** 'xGGGGEEEE', or 'item' for a sequence item header. */
  tag: string;
  /** Byte offset of the two VR characters (explicit VR elements only). */
  vrOffset: number | null;
  lengthOffset: number;
  lengthSize: 2 | 4;
  valueOffset: number;
  length: number;
}

/** VRs with a 2-byte reserved field and a 4-byte length in explicit VR. */
const LONG_VRS = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'SQ', 'UN', 'UT', 'UC', 'UR', 'SV', 'UV']);

/** Every element and item header of the valid seed body, nested sequences included. */
export function marksOf(seed: Seed): Mark[] {
  const parser = seed.littleEndian ? dicomParser.littleEndianByteArrayParser : dicomParser.bigEndianByteArrayParser;
  const DataSetCtor = (dicomParser as unknown as { DataSet: new (p: unknown, b: Uint8Array, e: object) => dicomParser.DataSet }).DataSet;
  const ds = new DataSetCtor(parser, seed.body, {});
  const stream = new dicomParser.ByteStream(parser, seed.body, 0);
  if (seed.explicitVr) dicomParser.parseDicomDataSetExplicit(ds, stream, seed.body.length);
  else dicomParser.parseDicomDataSetImplicit(ds, stream, seed.body.length);
  const marks: Mark[] = [];
  const walk = (set: dicomParser.DataSet): void => {
    for (const element of Object.values(set.elements)) {
      const long = !seed.explicitVr || LONG_VRS.has(element.vr ?? '') || element.encapsulatedPixelData === true;
      marks.push({
        tag: element.tag,
        vrOffset: seed.explicitVr ? element.dataOffset - (long ? 8 : 4) : null,
        lengthOffset: element.dataOffset - (long ? 4 : 2),
        lengthSize: long ? 4 : 2,
        valueOffset: element.dataOffset,
        length: element.length,
      });
      for (const item of element.items ?? []) {
        marks.push({ tag: 'item', vrOffset: null, lengthOffset: item.dataOffset - 4, lengthSize: 4, valueOffset: item.dataOffset, length: item.length });
        if (item.dataSet) walk(item.dataSet);
      }
    }
  };
  walk(ds);
  return marks;
}

/** Offsets of item, item-delimitation and sequence-delimitation tags (FFFE,E000/E00D/E0DD) in the body. */
export function delimiterOffsets(seed: Seed): number[] {
  const out: number[] = [];
  const b = seed.body;
  for (let i = 0; i + 4 <= b.length; i++) {
    const le = b[i] === 0xfe && b[i + 1] === 0xff && b[i + 3] === 0xe0 && [0x00, 0x0d, 0xdd].includes(b[i + 2]);
    const be = b[i] === 0xff && b[i + 1] === 0xfe && b[i + 2] === 0xe0 && [0x00, 0x0d, 0xdd].includes(b[i + 3]);
    if ((seed.littleEndian && le) || (!seed.littleEndian && be)) out.push(i);
  }
  return out;
}

export type Mutation =
  | { kind: 'length'; mark: number; value: number }
  | { kind: 'vr'; mark: number; vr: string }
  | { kind: 'delimiter'; at: number; action: 'erase' | 'swap' | 'length'; value: number }
  | { kind: 'pixel'; tag: string; value: number }
  | { kind: 'bytes'; edits: [number, number][] }
  /** Overwrite inside one element's value: private blobs (Siemens CSA, GE/Philips private) included. */
  | { kind: 'value'; mark: number; at: number; bytes: number[] };

/** Pixel-module attributes and the values worth trying: zero, off-by-one, unsupported, absurd. */
export const PIXEL_TAGS = ['x00280010', 'x00280011', 'x00280100', 'x00280101', 'x00280103', 'x00280002', 'x00280006', 'x00280008'];
const PIXEL_VALUES = [0, 1, 2, 3, 7, 8, 9, 12, 15, 16, 17, 24, 31, 32, 33, 64, 255, 256, 4096, 8192, 8193, 32768, 60000, 65535];
const INTERESTING_LENGTHS = [0, 1, 2, 3, 4, 7, 8, 0xfe, 0xff, 0x100, 0x7fff, 0x8000, 0xfffe, 0xffff, 0x10000, 0x7fffffff, 0xfffffffe, 0xffffffff];
const VRS = ['AE', 'AS', 'CS', 'DA', 'DS', 'FD', 'FL', 'IS', 'LO', 'OB', 'OW', 'OF', 'PN', 'SH', 'SL', 'SQ', 'SS', 'ST', 'UI', 'UL', 'UN', 'US', 'UT', 'xx', '\0\0'];

/** fast-check arbitrary of mutations for `seed` (marks and delimiters precomputed by the caller). */
export function mutationArb(seed: Seed, marks: Mark[], delimiters: number[]): fc.Arbitrary<Mutation> {
  const markIndex = fc.nat({ max: marks.length - 1 });
  const explicitMarks = marks.map((m, i) => (m.vrOffset !== null ? i : -1)).filter((i) => i >= 0);
  const arbs: fc.Arbitrary<Mutation>[] = [
    fc.record({ kind: fc.constant('length' as const), mark: markIndex, value: fc.oneof(fc.constantFrom(...INTERESTING_LENGTHS), fc.nat({ max: 0xffffffff })) }),
    fc.record({ kind: fc.constant('pixel' as const), tag: fc.constantFrom(...PIXEL_TAGS), value: fc.oneof(fc.constantFrom(...PIXEL_VALUES), fc.nat({ max: 65535 })) }),
    fc.record({
      kind: fc.constant('bytes' as const),
      edits: fc.array(fc.tuple(fc.nat({ max: seed.body.length - 1 }), fc.nat({ max: 255 })), { minLength: 1, maxLength: 8 }),
    }),
  ];
  const withValue = marks.map((m, i) => (m.length > 0 && m.length !== 0xffffffff ? i : -1)).filter((i) => i >= 0);
  if (withValue.length > 0)
    arbs.push(
      fc.record({
        kind: fc.constant('value' as const),
        mark: fc.constantFrom(...withValue),
        at: fc.nat(),
        bytes: fc.oneof(
          fc.array(fc.nat({ max: 255 }), { minLength: 1, maxLength: 8 }),
          fc.constantFrom(...INTERESTING_LENGTHS).map((v) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24]),
        ),
      }),
    );
  if (explicitMarks.length > 0) arbs.push(fc.record({ kind: fc.constant('vr' as const), mark: fc.constantFrom(...explicitMarks), vr: fc.constantFrom(...VRS) }));
  if (delimiters.length > 0)
    arbs.push(
      fc.record({
        kind: fc.constant('delimiter' as const),
        at: fc.constantFrom(...delimiters),
        action: fc.constantFrom('erase' as const, 'swap' as const, 'length' as const),
        value: fc.constantFrom(...INTERESTING_LENGTHS),
      }),
    );
  return fc.oneof(...arbs);
}

/**
 * A mutated copy of `base` (the seed body by default; never modified). Offsets come from the valid
 * seed, so after an earlier 'erase' a later mutation lands a few bytes off: still a corruption.
 */
export function applyMutation(seed: Seed, marks: Mark[], m: Mutation, base: Uint8Array = seed.body): Uint8Array {
  const body = base.slice();
  const view = new DataView(body.buffer);
  const little = seed.littleEndian;
  // An earlier 'erase' may have shortened the body: a write that no longer fits is skipped.
  const fits = (at: number, n: number): boolean => at >= 0 && at + n <= body.length;
  switch (m.kind) {
    case 'length': {
      const mark = marks[m.mark];
      if (!fits(mark.lengthOffset, mark.lengthSize)) return body;
      if (mark.lengthSize === 2) view.setUint16(mark.lengthOffset, m.value & 0xffff, little);
      else view.setUint32(mark.lengthOffset, m.value >>> 0, little);
      return body;
    }
    case 'vr': {
      const at = marks[m.mark].vrOffset ?? 0;
      if (!fits(at, 2)) return body;
      body[at] = m.vr.charCodeAt(0);
      body[at + 1] = m.vr.charCodeAt(1);
      return body;
    }
    case 'delimiter': {
      if (!fits(m.at, 8)) return body;
      if (m.action === 'erase') return Uint8Array.from([...body.subarray(0, m.at), ...body.subarray(m.at + 8)]);
      if (m.action === 'length') view.setUint32(m.at + 4, m.value >>> 0, little);
      // 'swap': E000 ↔ E0DD ↔ E00D, a delimiter where an item belongs and vice versa.
      else {
        const element = view.getUint16(m.at + 2, little);
        view.setUint16(m.at + 2, element === 0xe000 ? 0xe0dd : element === 0xe0dd ? 0xe00d : 0xe000, little);
      }
      return body;
    }
    case 'pixel': {
      const mark = marks.find((k) => k.tag === m.tag);
      if (!mark || !fits(mark.valueOffset, Math.max(2, mark.length))) return body;
      if (m.tag === 'x00280008') {
        // NumberOfFrames is IS text: write the digits in place, space padded, when they fit.
        const digits = String(m.value);
        if (digits.length <= mark.length) for (let i = 0; i < mark.length; i++) body[mark.valueOffset + i] = (digits.charCodeAt(i) || 0x20) & 0xff;
        return body;
      }
      if (mark.length >= 2) view.setUint16(mark.valueOffset, m.value, little);
      return body;
    }
    case 'bytes':
      for (const [at, value] of m.edits) body[at] = value;
      return body;
    case 'value': {
      const mark = marks[m.mark];
      const start = mark.valueOffset + (m.at % mark.length);
      m.bytes.forEach((b, i) => start + i < body.length && (body[start + i] = b));
      return body;
    }
  }
}
