import dicomParser from 'dicom-parser';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { types } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseExplicitLittleEndian, parseExplicitLittleEndianLazy, readPart10HeaderFast } from '../../../src/core/dicom/parseExplicitLittleEndian';

/** Both fast paths: elements built at once, and built on first read behind a Proxy. */
const PARSERS = [
  ['eager', parseExplicitLittleEndian],
  ['lazy', parseExplicitLittleEndianLazy],
] as const;
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir, sharedSeriesIds } from '../../helpers/sharedData';
import { el, encode, mrElements, part10, type El } from './dicomBytes';

const PIXEL_DATA = 'x7fe00010';

/**
 * Everything a DataSet holds but its buffer and parser, as plain data in element order (key order
 * included: the tag inspector and the overrun check iterate it), items and their data sets nested.
 */
function shape(ds: dicomParser.DataSet): unknown {
  return {
    keys: Object.keys(ds),
    parser: ds.byteArrayParser === dicomParser.littleEndianByteArrayParser ? 'LE' : 'other',
    warnings: (ds as { warnings?: string[] }).warnings,
    elements: Object.entries(ds.elements).map(([key, e]) => [
      key,
      Object.fromEntries(
        Object.entries(e).map(([k, v]) => [k, k === 'items' ? (v as dicomParser.Element[]).map((item) => ({ ...item, dataSet: item.dataSet && shape(item.dataSet) })) : k === 'parser' ? 'LE' : v]),
      ),
      Object.keys(e),
    ]),
  };
}

/** dicom-parser's outcome: the data set's shape, or that it threw. */
function reference(bytes: Uint8Array, untilTag?: string): unknown {
  try {
    return shape(dicomParser.parseDicom(bytes, untilTag ? { untilTag } : {}));
  } catch {
    return 'throws';
  }
}

/** The fast path where it applies, dicom-parser where it declines: what parseHeader / parseDicomFile do. */
function combined(bytes: Uint8Array, untilTag?: string, parse: (typeof PARSERS)[number][1] = parseExplicitLittleEndian): unknown {
  let meta: dicomParser.DataSet;
  try {
    meta = dicomParser.readPart10Header(bytes);
  } catch {
    return 'throws';
  }
  const fast = parse(bytes, meta, untilTag);
  if (!fast) return reference(bytes, untilTag);
  // parseHeader skips its overrun check for these: no top-level element but untilTag may end past the buffer.
  for (const element of Object.values(fast.elements)) {
    if (element.tag !== untilTag) expect(element.dataOffset + element.length).toBeLessThanOrEqual(bytes.length);
  }
  return shape(fast);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** A sequence of defined length (items of defined length), as Philips writes them; encode() writes undefined ones. */
function definedLengthSequence(group: number, element: number, items: Uint8Array[]): Uint8Array {
  const body = items.flatMap((item) => [0xfe, 0xff, 0x00, 0xe0, ...u32(item.length), ...item]);
  return Uint8Array.from([...u16(group), ...u16(element), 0x53, 0x51, 0, 0, ...u32(body.length), ...body]);
}
const u16 = (n: number): number[] => [n & 0xff, n >> 8];
const u32 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];

/** A Part 10 MR file with defined- and undefined-length sequences, a nested one, private elements and 4 pixels. */
function syntheticFile(): Uint8Array {
  const nested: El[] = [el(0x0008, 0x1150, 'UI', '1.2.3'), el(0x0040, 0xa730, 'SQ', { sq: [[el(0x0040, 0xa040, 'CS', 'TEXT')], []] })];
  const base = part10([...mrElements({ instance: 1, position: [0, 0, 0], rows: 2, columns: 2 }), el(0x0008, 0x1140, 'SQ', { sq: [nested, [el(0x0008, 0x1155, 'UI', '1.2.4')]] })]);
  // Splice a defined-length private sequence (with a defined-length item holding an FL) before Pixel Data.
  const pixelAt = findTag(base, 0x7fe0, 0x0010);
  const fl = Uint8Array.from([...u16(0x2005), ...u16(0x100e), 0x46, 0x4c, 4, 0, ...new Uint8Array(new Float32Array([0.5]).buffer)]);
  const creator = Uint8Array.from([...u16(0x2005), ...u16(0x0010), 0x4c, 0x4f, 26, 0, ...Array.from('Philips MR Imaging DD 001 ', (c) => c.charCodeAt(0))]);
  const sq = definedLengthSequence(0x2005, 0x140f, [Uint8Array.from([...creator, ...fl])]);
  return Uint8Array.from([...base.subarray(0, pixelAt), ...creator, ...sq, ...base.subarray(pixelAt)]);
}

function findTag(bytes: Uint8Array, group: number, element: number): number {
  for (let i = 132; i + 4 <= bytes.length; i += 2) {
    if (bytes[i] === (group & 0xff) && bytes[i + 1] === group >> 8 && bytes[i + 2] === (element & 0xff) && bytes[i + 3] === element >> 8) return i;
  }
  throw new Error('tag not found');
}

describe.each(PARSERS)('parseExplicitLittleEndian (%s): dicom-parser\'s data set, sooner', (_name, parse) => {
  it('a synthetic MR file with defined/undefined-length and nested sequences: identical to dicom-parser, whole and up to Pixel Data', () => {
    const bytes = syntheticFile();
    const meta = dicomParser.readPart10Header(bytes);
    for (const untilTag of [PIXEL_DATA, undefined]) {
      const fast = parse(bytes, meta, untilTag);
      expect(fast).not.toBeNull();
      expect(shape(fast!)).toEqual(reference(bytes, untilTag));
    }
    const ds = parse(bytes, meta, PIXEL_DATA)!;
    expect(ds.elements.x00081140.items).toHaveLength(2);
    expect(ds.elements.x00081140.items![0].dataSet!.elements.x0040a730.items).toHaveLength(2);
    expect(ds.elements.x2005140f.items![0].dataSet!.float('x2005100e')).toBe(0.5);
    expect(ds.string('x00020010')).toBe('1.2.840.10008.1.2.1');
    expect(ds.uint16('x00280010')).toBe(2);
  });

  it('declines implicit VR files (dicom-parser parses them)', () => {
    const bytes = part10(mrElements({ instance: 1, position: [0, 0, 0], rows: 2, columns: 2 }), { explicit: false });
    expect(parse(bytes, dicomParser.readPart10Header(bytes), PIXEL_DATA)).toBeNull();
  });

  it('every prefix of the synthetic file, and every single-byte corruption of it: fast path or fallback, always dicom-parser\'s outcome', () => {
    const bytes = syntheticFile();
    for (let length = 140; length <= bytes.length; length++) {
      const prefix = bytes.subarray(0, length);
      expect(combined(prefix, PIXEL_DATA, parse), `prefix ${length}`).toEqual(reference(prefix, PIXEL_DATA));
    }
    // Every byte after the magic, set to 0, 0xff, and with its low or high bit flipped: lengths, tags and VRs gone wrong.
    for (let at = 132; at < bytes.length; at++) {
      for (const value of [0, 0xff, bytes[at] ^ 1, bytes[at] ^ 0x80]) {
        const corrupt = bytes.slice();
        corrupt[at] = value;
        expect(combined(corrupt, undefined, parse), `byte ${at} = ${value}`).toEqual(reference(corrupt));
        expect(combined(corrupt, PIXEL_DATA, parse), `byte ${at} = ${value}, up to Pixel Data`).toEqual(reference(corrupt, PIXEL_DATA));
      }
    }
  });

  it.skipIf(!hasSharedDicom)('every file of every real series: identical to dicom-parser (up to Pixel Data and whole); fast path up to Pixel Data for every explicit little endian file', () => {
    let fast = 0;
    let files = 0;
    for (const id of sharedSeriesIds()) {
      for (const file of filesUnder(join(sharedSeriesDir(id), 'dicom'))) {
        const b = readFileSync(file);
        const bytes = new Uint8Array(b.buffer, b.byteOffset, b.length);
        let meta: dicomParser.DataSet;
        try {
          meta = dicomParser.readPart10Header(bytes);
        } catch {
          continue; // not Part 10: parseHeader wraps those before parsing
        }
        files++;
        const syntax = (meta.string('x00020010') ?? '').replace(/\0/g, '');
        const explicitLittle = !['1.2.840.10008.1.2', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.1.99'].includes(syntax);
        for (const untilTag of [PIXEL_DATA, undefined]) {
          const ds = parse(bytes, meta, untilTag);
          // Whole-file parses of encapsulated (compressed) pixel data go to dicom-parser's fragment reader.
          if (untilTag) expect(ds !== null, `${file}: fast path taken`).toBe(explicitLittle);
          if (ds) expect(shape(ds), file).toEqual(reference(bytes, untilTag));
        }
        if (explicitLittle) fast++;
      }
    }
    // 19 series: all but the implicit, big endian and deflated copies are explicit little endian.
    expect(files).toBeGreaterThan(1200);
    expect(fast).toBeGreaterThan(1150);
  });
  if (!hasSharedDicom) it.skip(sharedDicomSkipMessage, () => {});
});

describe('parseExplicitLittleEndianLazy: the elements object behaves as the plain one', () => {
  const bytes = syntheticFile();
  const meta = dicomParser.readPart10Header(bytes);
  const plain = () => parseExplicitLittleEndian(bytes, meta, PIXEL_DATA)!.elements;
  const lazy = () => parseExplicitLittleEndianLazy(bytes, meta, PIXEL_DATA)!.elements;

  it('lookups, in, hasOwnProperty, keys and for..in order; the same object on every read; absent and non-tag keys', () => {
    const e = lazy();
    expect(types.isProxy(e)).toBe(true);
    const p = plain();
    expect(e.x00100010).toBe(e.x00100010);
    expect(e.x00100010).toEqual(p.x00100010);
    for (const key of ['x00100010', 'x00020010', 'x7fe00010', 'x00080008', 'x00100011', 'X00100010', 'x0010001', 'toString', 'constructor']) {
      expect([key in e, Object.prototype.hasOwnProperty.call(e, key), e[key] === undefined], key).toEqual([key in p, Object.prototype.hasOwnProperty.call(p, key), p[key] === undefined]);
    }
    expect(e.x00100011).toBeUndefined();
    const order: string[] = [];
    for (const key in e) order.push(key);
    expect(order).toEqual(Object.keys(p));
    expect(Object.keys(e)).toEqual(Object.keys(p));
    expect(JSON.stringify(e)).toBe(JSON.stringify(p));
  });

  it('a write builds everything first, then behaves as a plain object', () => {
    const e = lazy();
    const p = plain();
    const extra = { tag: 'x00091001', vr: 'LO', length: 0, dataOffset: 0 } as dicomParser.Element;
    e.x00091001 = extra;
    p.x00091001 = extra;
    delete e.x00100010;
    delete p.x00100010;
    expect(Object.keys(e)).toEqual(Object.keys(p));
    expect(e.x00091001).toBe(extra);
    expect(e.x00081140).toEqual(p.x00081140);
  });

  it('tags out of order or duplicated: the eager object (dicom-parser keeps the first key and the last value)', () => {
    const a = syntheticFile();
    // A second PatientName after Pixel Data, read by a whole-file parse.
    const dup = Uint8Array.from([0x10, 0x00, 0x10, 0x00, 0x50, 0x4e, 4, 0, 0x41, 0x5e, 0x42, 0x20]);
    const withDup = Uint8Array.from([...a, ...dup]);
    const m = dicomParser.readPart10Header(withDup);
    const ds = parseExplicitLittleEndianLazy(withDup, m)!;
    expect(shape(ds)).toEqual(reference(withDup));
    expect(ds.string('x00100010')).toBe('A^B');
    expect(Object.keys(ds.elements).indexOf('x00100010')).toBe(Object.keys(parseExplicitLittleEndian(withDup, m)!.elements).indexOf('x00100010'));
  });
});

/** A meta DataSet as plain data: its shape and where the data set starts. */
function metaShape(meta: dicomParser.DataSet): unknown {
  return { ...(shape(meta) as object), position: (meta as unknown as { position: number }).position };
}

/** dicom-parser's readPart10Header outcome, and the fast one (falling back to it where it declines). */
function metaOutcomes(bytes: Uint8Array): [unknown, unknown, boolean] {
  let expected: unknown;
  try {
    expected = metaShape(dicomParser.readPart10Header(bytes));
  } catch {
    expected = 'throws';
  }
  const fast = readPart10HeaderFast(bytes);
  return [expected, fast ? metaShape(fast) : expected, fast !== null];
}

describe('readPart10HeaderFast: dicom-parser\'s meta group, sooner', () => {
  it('explicit and implicit synthetic files, every prefix and single-byte corruption: dicom-parser\'s outcome', () => {
    // A DICOMDIR-like file (a sequence right after the group: dicom-parser walks its items while
    // looking for the group's end) and a meta group holding a sequence (kept, items and all).
    const dicomdir = part10([el(0x0004, 0x1220, 'SQ', { sq: [[el(0x0004, 0x1430, 'CS', 'IMAGE')]] }), el(0x0008, 0x0016, 'UI', '1.2.3')]);
    const metaSequence = Uint8Array.from([
      ...syntheticFile().subarray(0, 132),
      ...encode([el(0x0002, 0x0010, 'UI', '1.2.840.10008.1.2.1\0'), el(0x0002, 0x0012, 'SQ', { sq: [[el(0x0002, 0x0013, 'SH', 'X')]] })], true),
      ...encode([el(0x0008, 0x0016, 'UI', '1.2.3')], true),
    ]);
    expect(readPart10HeaderFast(dicomdir)).toBeNull();
    expect(readPart10HeaderFast(metaSequence)).toBeNull();
    expect(dicomParser.readPart10Header(metaSequence).elements.x00020012.items).toHaveLength(1);
    for (const bytes of [dicomdir, metaSequence]) {
      for (let length = 132; length <= bytes.length; length++) {
        const [e, a] = metaOutcomes(bytes.subarray(0, length));
        expect(a, `prefix ${length}`).toEqual(e);
      }
      for (let at = 132; at < bytes.length; at++) {
        const corrupt = bytes.slice();
        corrupt[at] ^= 0xff;
        const [e, a] = metaOutcomes(corrupt);
        expect(a, `byte ${at}`).toEqual(e);
      }
    }
    const files = [syntheticFile(), part10(mrElements({ instance: 1, position: [0, 0, 0], rows: 2, columns: 2 }), { explicit: false })];
    for (const bytes of files) {
      const [expected, actual, fast] = metaOutcomes(bytes);
      expect(fast).toBe(true);
      expect(actual).toEqual(expected);
      expect((readPart10HeaderFast(bytes) as unknown as { position: number }).position).toBeGreaterThan(132);
      for (let length = 0; length <= 400; length++) {
        const [e, a] = metaOutcomes(bytes.subarray(0, length));
        expect(a, `prefix ${length}`).toEqual(e);
      }
      for (let at = 128; at < 400; at++) {
        for (const value of [0, 0xff, bytes[at] ^ 1, bytes[at] ^ 0x80]) {
          const corrupt = bytes.slice();
          corrupt[at] = value;
          const [e, a] = metaOutcomes(corrupt);
          expect(a, `byte ${at} = ${value}`).toEqual(e);
        }
      }
    }
  });

  it.skipIf(!hasSharedDicom)('every Part 10 file of every real series: identical to dicom-parser, fast for all', () => {
    let files = 0;
    let fast = 0;
    for (const id of sharedSeriesIds()) {
      for (const file of filesUnder(join(sharedSeriesDir(id), 'dicom'))) {
        const b = readFileSync(file);
        const [expected, actual, wasFast] = metaOutcomes(new Uint8Array(b.buffer, b.byteOffset, b.length));
        if (expected === 'throws') continue;
        files++;
        if (wasFast) fast++;
        expect(actual, file).toEqual(expected);
      }
    }
    expect(files).toBeGreaterThan(1200);
    expect(fast).toBe(files);
  });
});
