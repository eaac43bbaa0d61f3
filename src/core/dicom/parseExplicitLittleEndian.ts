import dicomParser from 'dicom-parser';

/**
 * A faster path to exactly what `dicomParser.parseDicom(bytes, { untilTag })` returns for a Part 10
 * file whose data set is explicit VR little endian, the layout of nearly every file indexed. Same
 * DataSet class, same elements (tag, vr, length, dataOffset in bytes of `bytes`, sequence items with
 * their nested DataSets, hadUndefinedLength), same key order, the meta group merged in last, the
 * same `warnings`. It is faster by what it leaves out: no byte-stream object, no bounds check that
 * throws per read, tag and VR strings looked up instead of rebuilt for every element (indexing
 * philips_701 meets 612 elements per file, most of them in Philips private sequences).
 *
 * It only handles the well-formed case. Whatever dicom-parser would treat specially — a read past
 * the end, a missing item tag, an undefined-length element that is not a sequence (encapsulated
 * pixel data in an icon, UN), an unusual VR spelling, a buffer overrun, anything that would warn —
 * makes it return null, and the caller parses with dicom-parser itself: the output is dicom-parser's
 * by construction, only reached sooner. Hence no top-level element it returns, but `untilTag`, runs
 * past the end of `bytes` (dicom-parser lets the last one do so).
 *
 * @param bytes the whole Part 10 buffer (preamble, "DICM", meta group, data set)
 * @param meta `dicomParser.readPart10Header(bytes)`; null is returned unless its transfer syntax, read
 *   as dicom-parser reads it, is one dicom-parser parses as explicit VR little endian
 * @param untilTag top-level tag at which parsing stops, as dicom-parser's option (e.g. Pixel Data);
 *   absent: the whole data set
 */
export function parseExplicitLittleEndian(bytes: Uint8Array, meta: dicomParser.DataSet, untilTag?: string): dicomParser.DataSet | null {
  if (!isExplicitLittleEndian(bytes, meta)) return null;
  const start = (meta as unknown as { position: number }).position;
  if (!(start < bytes.length)) return null; // dicom-parser's ByteStream refuses a position at the end
  const elements: Record<string, dicomParser.Element> = {};
  try {
    const end = parseElements(bytes, start, bytes.length, elements, untilTag);
    if (end > bytes.length) return null; // 'buffer overrun' in dicom-parser
  } catch (err) {
    if (err === FALL_BACK) return null;
    throw err;
  }
  for (const tag in meta.elements) if (Object.prototype.hasOwnProperty.call(meta.elements, tag)) elements[tag] = meta.elements[tag];
  const dataSet = newDataSet(bytes, elements);
  dataSet.warnings = ((meta as unknown as { warnings?: string[] }).warnings ?? []).concat([]);
  return dataSet;
}

/**
 * parseDicom's own test on the untrimmed (0002,0010) value: everything but implicit VR little endian,
 * explicit big endian and deflate is parsed as explicit little endian.
 */
function isExplicitLittleEndian(bytes: Uint8Array, meta: dicomParser.DataSet): boolean {
  const element = meta.elements.x00020010;
  if (!element || (element as { Value?: unknown }).Value !== undefined || element.dataOffset + element.length > bytes.length) return false;
  const syntax = dicomParser.readFixedString(bytes, element.dataOffset, element.length);
  return syntax !== '1.2.840.10008.1.2' && syntax !== '1.2.840.10008.1.2.2' && syntax !== '1.2.840.10008.1.2.1.99';
}

/** Thrown (never escapes this module) where dicom-parser would throw, warn or take a special path. */
const FALL_BACK = Symbol('use dicom-parser');

const UNDEFINED_LENGTH = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_DELIMITER = 0xfffee00d;
const SEQUENCE_DELIMITER = 0xfffee0dd;

/** Index of a two-letter VR ('AA'–'ZZ') in the tables below; the caller checked both bytes are 'A'–'Z'. */
function vrIndex(b0: number, b1: number): number {
  return (b0 - 0x41) * 26 + (b1 - 0x41);
}

/** VR strings by vrIndex, built once instead of per element. */
const VR_NAMES = Array.from({ length: 26 * 26 }, (_, i) => String.fromCharCode(0x41 + Math.floor(i / 26), 0x41 + (i % 26)));

/** 1 for the VRs whose explicit encoding has 2 reserved bytes and a 32-bit length, as dicom-parser 1.8 lists them. */
const LONG_VRS = new Uint8Array(26 * 26);
for (const vr of ['OB', 'OD', 'OL', 'OW', 'SQ', 'OF', 'UC', 'UR', 'UT', 'UN']) LONG_VRS[vrIndex(vr.charCodeAt(0), vr.charCodeAt(1))] = 1;

const DataSetClass = (dicomParser as unknown as { DataSet: new (p: dicomParser.ByteArrayParser, b: Uint8Array, e: object) => dicomParser.DataSet }).DataSet;

function newDataSet(bytes: Uint8Array, elements: Record<string, dicomParser.Element>): dicomParser.DataSet & { warnings?: string[] } {
  return new DataSetClass(dicomParser.littleEndianByteArrayParser, bytes, elements);
}

/** 'xggggeeee' strings by 32-bit tag: the same few hundred tags recur in every file of a folder. */
const tagNames = new Map<number, string>();
/** Bounded so a stream of forged files cannot grow it without limit; past it names are just built. */
const TAG_CACHE_LIMIT = 1 << 16;

function tagName(tag: number): string {
  let name = tagNames.get(tag);
  if (name === undefined) {
    name = `x${tag.toString(16).padStart(8, '0')}`;
    if (tagNames.size < TAG_CACHE_LIMIT) tagNames.set(tag, name);
  }
  return name;
}

function isUpper(b: number): boolean {
  return b >= 0x41 && b <= 0x5a;
}

function uint16(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8);
}

function uint32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16)) + bytes[at + 3] * 0x1000000;
}

/** Tag at `at` as group·65536 + element; the caller checked 4 bytes are there. */
function tagAt(bytes: Uint8Array, at: number): number {
  return uint16(bytes, at) * 0x10000 + uint16(bytes, at + 2);
}

/**
 * dicom-parser's parseDicomDataSetExplicit: elements from `pos` while before `max` into `elements`,
 * stopping after `untilTag` (top level only). Returns the position after the last element read, which
 * the caller compares with `max` as dicom-parser does.
 */
function parseElements(bytes: Uint8Array, pos: number, max: number, elements: Record<string, dicomParser.Element>, untilTag?: string): number {
  while (pos < max) {
    const element = readElement(bytes, pos);
    elements[element.tag] = element;
    pos = element.dataOffset;
    if (element.tag === untilTag) return pos;
    pos = finishElement(bytes, element, pos);
  }
  return pos;
}

/** VR index of the header last decoded by decodeHeader, -1 for the item delimiter's empty VR. */
let headerVr = -1;
/** Value length and value offset of the header last decoded by decodeHeader (scratch: no object per element). */
let headerLength = 0;
let headerDataOffset = 0;

/** Decodes the element header at `pos` as readDicomElementExplicit reads it into headerVr/Length/DataOffset; returns the tag. */
function decodeHeader(bytes: Uint8Array, pos: number): number {
  if (pos + 8 > bytes.length) throw FALL_BACK;
  const tag = tagAt(bytes, pos);
  const b0 = bytes[pos + 4];
  const b1 = bytes[pos + 5];
  if (!isUpper(b0) || !isUpper(b1)) {
    // The item delimiter (FFFE,E00D) with its zero length reads as VR '' and a 16-bit length of 0.
    if (tag === ITEM_DELIMITER && b0 === 0 && b1 === 0 && bytes[pos + 6] === 0 && bytes[pos + 7] === 0) {
      headerVr = -1;
      headerLength = 0;
      headerDataOffset = pos + 8;
      return tag;
    }
    throw FALL_BACK;
  }
  headerVr = vrIndex(b0, b1);
  if (LONG_VRS[headerVr] === 1) {
    if (pos + 12 > bytes.length) throw FALL_BACK;
    headerLength = uint32(bytes, pos + 8);
    headerDataOffset = pos + 12;
  } else {
    headerLength = uint16(bytes, pos + 6);
    headerDataOffset = pos + 8;
  }
  return tag;
}

/** The element header at `pos` (tag, VR, length, dataOffset), as readDicomElementExplicit builds it. */
function readElement(bytes: Uint8Array, pos: number): dicomParser.Element {
  const tag = decodeHeader(bytes, pos);
  const element = { tag: tagName(tag), vr: headerVr < 0 ? '' : VR_NAMES[headerVr], length: headerLength, dataOffset: headerDataOffset } as dicomParser.Element;
  if (headerLength === UNDEFINED_LENGTH) element.hadUndefinedLength = true;
  return element;
}

/** Past the value of `element` (whose value starts at `pos`): sequences parsed into items, other values skipped. */
function finishElement(bytes: Uint8Array, element: dicomParser.Element, pos: number): number {
  if (element.vr === 'SQ') return readSequence(bytes, element, pos);
  if (element.length === UNDEFINED_LENGTH) throw FALL_BACK;
  return pos + element.length;
}

/** readSequenceItemsExplicit: the items of a sequence element, its length fixed when undefined. */
function readSequence(bytes: Uint8Array, element: dicomParser.Element, pos: number): number {
  const items: dicomParser.Element[] = [];
  element.items = items;
  if (element.length === UNDEFINED_LENGTH) {
    while (pos + 4 <= bytes.length) {
      if (tagAt(bytes, pos) === SEQUENCE_DELIMITER) {
        element.length = pos - element.dataOffset;
        return pos + 8;
      }
      pos = readItem(bytes, pos, items);
    }
    throw FALL_BACK; // eof before the sequence delimiter: dicom-parser warns
  }
  const max = element.dataOffset + element.length;
  while (pos < max) pos = readItem(bytes, pos, items);
  return pos;
}

/** readSequenceItemExplicit: one item and its data set, appended to `items`; returns the position after it. */
function readItem(bytes: Uint8Array, pos: number, items: dicomParser.Element[]): number {
  if (pos + 8 > bytes.length || tagAt(bytes, pos) !== ITEM) throw FALL_BACK;
  const item = { tag: 'xfffee000', length: uint32(bytes, pos + 4), dataOffset: pos + 8 } as dicomParser.Element;
  items.push(item);
  pos += 8;
  const elements: Record<string, dicomParser.Element> = {};
  if (item.length === UNDEFINED_LENGTH) {
    item.hadUndefinedLength = true;
    for (;;) {
      if (pos >= bytes.length) throw FALL_BACK; // eof before the item delimiter: dicom-parser warns
      const element = readElement(bytes, pos);
      elements[element.tag] = element;
      pos = finishElement(bytes, element, element.dataOffset);
      if (element.tag === 'xfffee00d') break;
    }
    item.dataSet = newDataSet(bytes, elements);
    item.length = pos - item.dataOffset;
    return pos;
  }
  item.dataSet = newDataSet(bytes, elements);
  const max = pos + item.length;
  if (max > bytes.length) throw FALL_BACK; // dicom-parser: invalid maxPosition
  const end = parseElements(bytes, pos, max, elements);
  if (end > max) throw FALL_BACK; // dicom-parser: buffer overrun
  return end;
}

const SQ_VR = vrIndex(0x53, 0x51);

/** Position after the value of the header just decoded (`vr`, `length`, value at `dataOffset`), walking sequences as readSequence does. */
function skipValue(bytes: Uint8Array, vr: number, length: number, dataOffset: number): number {
  if (vr === SQ_VR) return skipSequence(bytes, length, dataOffset);
  if (length === UNDEFINED_LENGTH) throw FALL_BACK;
  return dataOffset + length;
}

/** readSequence without building anything: the position after the sequence whose value starts at `pos`. */
function skipSequence(bytes: Uint8Array, length: number, pos: number): number {
  if (length === UNDEFINED_LENGTH) {
    while (pos + 4 <= bytes.length) {
      if (tagAt(bytes, pos) === SEQUENCE_DELIMITER) return pos + 8;
      pos = skipItem(bytes, pos);
    }
    throw FALL_BACK;
  }
  const max = pos + length;
  while (pos < max) pos = skipItem(bytes, pos);
  return pos;
}

/** readItem without building anything: the position after the item at `pos`. */
function skipItem(bytes: Uint8Array, pos: number): number {
  if (pos + 8 > bytes.length || tagAt(bytes, pos) !== ITEM) throw FALL_BACK;
  const length = uint32(bytes, pos + 4);
  pos += 8;
  if (length === UNDEFINED_LENGTH) {
    for (;;) {
      if (pos >= bytes.length) throw FALL_BACK;
      const tag = decodeHeader(bytes, pos);
      pos = skipValue(bytes, headerVr, headerLength, headerDataOffset);
      if (tag === ITEM_DELIMITER) return pos;
    }
  }
  const max = pos + length;
  if (max > bytes.length) throw FALL_BACK;
  while (pos < max) {
    decodeHeader(bytes, pos);
    pos = skipValue(bytes, headerVr, headerLength, headerDataOffset);
  }
  if (pos > max) throw FALL_BACK;
  return pos;
}

/**
 * parseExplicitLittleEndian with the same DataSet, whose top-level elements are built only when
 * read: one pass walks the whole data set as the eager parser would (so it declines exactly the
 * same files) but records only each top-level element's tag and position; an element object, with
 * its sequence items, is made on first access and kept. Indexing reads a few dozen of a Philips
 * file's 446 top-level elements, so most are never built. `ds.elements` is a Proxy answering
 * lookups, `in`, enumeration and property descriptors as the eager object does (same keys, same
 * order, same objects on every read); any write to it first builds every element. Falls back to
 * the eager object when the data set's tags are not strictly ascending (duplicates keep dicom-parser's
 * first-key, last-value rule there). `bytes` must not change
 * afterwards (elements are read from them on access).
 */
export function parseExplicitLittleEndianLazy(bytes: Uint8Array, meta: dicomParser.DataSet, untilTag?: string): dicomParser.DataSet | null {
  if (!isExplicitLittleEndian(bytes, meta)) return null;
  const start = (meta as unknown as { position: number }).position;
  if (!(start < bytes.length)) return null;
  const until = untilTag === undefined ? -1 : parseTagName(untilTag);
  const tags: number[] = [];
  const positions: number[] = [];
  let untilIndex = -1;
  try {
    let pos = start;
    while (pos < bytes.length) {
      const tag = decodeHeader(bytes, pos);
      tags.push(tag);
      positions.push(pos);
      if (tag === until) {
        untilIndex = tags.length - 1;
        pos = headerDataOffset;
        break;
      }
      pos = skipValue(bytes, headerVr, headerLength, headerDataOffset);
    }
    if (pos > bytes.length) return null;
  } catch (err) {
    if (err === FALL_BACK) return null;
    throw err;
  }
  // readPart10Header took every leading tag up to (0002,FFFF), so ascending tags never meet the meta's.
  let ascending = true;
  for (let i = 1; ascending && i < tags.length; i++) ascending = tags[i] > tags[i - 1];
  if (!ascending) return parseExplicitLittleEndian(bytes, meta, untilTag);
  const elements = new Proxy({}, new LazyElements(bytes, tags, positions, untilIndex, meta.elements)) as Record<string, dicomParser.Element>;
  const dataSet = newDataSet(bytes, elements);
  dataSet.warnings = ((meta as unknown as { warnings?: string[] }).warnings ?? []).concat([]);
  return dataSet;
}

/** The 32-bit tag of a dicom-parser tag name ('x' + 8 lower-case hex digits), or -1 for any other key. */
function parseTagName(key: string | symbol): number {
  if (typeof key !== 'string' || key.length !== 9 || key.charCodeAt(0) !== 0x78) return -1;
  let tag = 0;
  for (let i = 1; i < 9; i++) {
    const c = key.charCodeAt(i);
    const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (digit < 0) return -1;
    tag = tag * 16 + digit;
  }
  return tag;
}

/** Proxy handler of a lazily built `elements` object (see parseExplicitLittleEndianLazy). */
class LazyElements implements ProxyHandler<Record<string, dicomParser.Element>> {
  private readonly built: (dicomParser.Element | undefined)[] = [];
  private readonly metaKeys: string[];
  /** Set once everything was built into the target (after a write): every trap then forwards to it. */
  private plain = false;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly tags: number[],
    private readonly positions: number[],
    private readonly untilIndex: number,
    private readonly meta: Record<string, dicomParser.Element>,
  ) {
    this.metaKeys = Object.keys(meta);
  }

  /** Index of `key` among the top-level tags (ascending: binary search), or -1. */
  private find(key: string | symbol): number {
    const tag = parseTagName(key);
    if (tag < 0) return -1;
    let lo = 0;
    let hi = this.tags.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = this.tags[mid];
      if (t === tag) return mid;
      if (t < tag) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Element i, built (with its sequence items, unless it is the until-tag) on first access. */
  private element(i: number): dicomParser.Element {
    let element = this.built[i];
    if (!element) {
      element = readElement(this.bytes, this.positions[i]);
      if (i !== this.untilIndex) finishElement(this.bytes, element, element.dataOffset);
      this.built[i] = element;
    }
    return element;
  }

  private metaElement(key: string | symbol): dicomParser.Element | undefined {
    return typeof key === 'string' && Object.prototype.hasOwnProperty.call(this.meta, key) ? this.meta[key] : undefined;
  }

  /** Builds every element into `target`, in key order, and forwards from then on. */
  private materialise(target: Record<string, dicomParser.Element>): void {
    if (this.plain) return;
    for (let i = 0; i < this.tags.length; i++) target[tagName(this.tags[i])] = this.element(i);
    for (const key of this.metaKeys) target[key] = this.meta[key];
    this.plain = true;
  }

  get(target: Record<string, dicomParser.Element>, key: string | symbol, receiver: unknown): unknown {
    if (this.plain) return Reflect.get(target, key, receiver);
    const i = this.find(key);
    if (i >= 0) return this.element(i);
    return this.metaElement(key) ?? Reflect.get(target, key, receiver);
  }

  has(target: Record<string, dicomParser.Element>, key: string | symbol): boolean {
    if (this.plain) return Reflect.has(target, key);
    return this.find(key) >= 0 || this.metaElement(key) !== undefined || Reflect.has(target, key);
  }

  ownKeys(target: Record<string, dicomParser.Element>): (string | symbol)[] {
    if (this.plain) return Reflect.ownKeys(target);
    return [...this.tags.map(tagName), ...this.metaKeys];
  }

  getOwnPropertyDescriptor(target: Record<string, dicomParser.Element>, key: string | symbol): PropertyDescriptor | undefined {
    if (this.plain) return Reflect.getOwnPropertyDescriptor(target, key);
    const i = this.find(key);
    const value = i >= 0 ? this.element(i) : this.metaElement(key);
    return value === undefined ? undefined : { value, writable: true, enumerable: true, configurable: true };
  }

  set(target: Record<string, dicomParser.Element>, key: string | symbol, value: unknown, receiver: unknown): boolean {
    this.materialise(target);
    return Reflect.set(target, key, value, receiver);
  }

  defineProperty(target: Record<string, dicomParser.Element>, key: string | symbol, descriptor: PropertyDescriptor): boolean {
    this.materialise(target);
    return Reflect.defineProperty(target, key, descriptor);
  }

  deleteProperty(target: Record<string, dicomParser.Element>, key: string | symbol): boolean {
    this.materialise(target);
    return Reflect.deleteProperty(target, key);
  }
}

/**
 * Exactly `dicomParser.readPart10Header(bytes)` (the meta group as a DataSet with its elements'
 * little-endian `parser`, `warnings` and the `position` where the data set starts) for the usual
 * file, without a byte stream; null where dicom-parser would throw or take a special path (no
 * "DICM", a sequence or undefined length in or right after the group, a truncated header), and the
 * caller then asks dicom-parser. Like dicom-parser it reads the first element after the group,
 * whatever its encoding, to see that the group ended.
 */
export function readPart10HeaderFast(bytes: Uint8Array): dicomParser.DataSet | null {
  if (!(bytes instanceof Uint8Array) || bytes.length < 132 || bytes[128] !== 0x44 || bytes[129] !== 0x49 || bytes[130] !== 0x43 || bytes[131] !== 0x4d) return null;
  const elements: Record<string, dicomParser.Element> = {};
  let pos = 132;
  while (pos < bytes.length) {
    if (pos + 8 > bytes.length) return null;
    const tag = tagAt(bytes, pos);
    if (tag > 0x0002ffff) {
      if (!endsSafely(bytes, pos)) return null;
      break;
    }
    try {
      decodeHeader(bytes, pos);
    } catch (err) {
      if (err === FALL_BACK) return null;
      throw err;
    }
    if (headerVr === SQ_VR || headerLength === UNDEFINED_LENGTH) return null;
    const element = { tag: tagName(tag), vr: headerVr < 0 ? '' : VR_NAMES[headerVr], length: headerLength, dataOffset: headerDataOffset } as dicomParser.Element;
    element.parser = dicomParser.littleEndianByteArrayParser;
    elements[element.tag] = element;
    pos = headerDataOffset + headerLength;
  }
  const meta = newDataSet(bytes, elements) as dicomParser.DataSet & { warnings: string[]; position: number };
  meta.warnings = [];
  meta.position = pos;
  return meta;
}

/**
 * Whether dicom-parser reads the element at `pos` (the first after the meta group, explicit VR as it
 * assumes, whatever the data set really is) without throwing or warning: a 16-bit length always is;
 * a 32-bit one needs its 12 header bytes, a defined length and no sequence items to walk.
 */
function endsSafely(bytes: Uint8Array, pos: number): boolean {
  const b0 = bytes[pos + 4];
  const b1 = bytes[pos + 5];
  if (!isUpper(b0) || !isUpper(b1) || LONG_VRS[vrIndex(b0, b1)] !== 1) return true;
  return pos + 12 <= bytes.length && vrIndex(b0, b1) !== SQ_VR && uint32(bytes, pos + 8) !== UNDEFINED_LENGTH;
}
