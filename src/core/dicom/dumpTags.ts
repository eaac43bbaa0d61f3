import type dicomParser from 'dicom-parser';
import { nameTag, parseParserTag, tagKey, type StandardLookup, type TagNameSource } from './tagDictionary';

/**
 * A dicom-parser data set as rows for the tag inspector: every element in tag order, named,
 * with its value as text. Sequences keep their items as nested rows; binary values (OB, OW, UN,
 * CSA headers, Pixel Data) are shown by length only, never decoded into the table.
 */

export interface TagRow {
  /** '(GGGG,EEEE)' upper-case hex. */
  tag: string;
  /** VR from the file; for implicit-VR files the dictionary's VR ('' when unknown). */
  vr: string;
  /** True when `vr` came from the dictionary, not the file (implicit VR). */
  vrFromDictionary: boolean;
  keyword: string;
  description: string;
  source: TagNameSource;
  /** Private creator of the element's block (odd groups), null otherwise. */
  creator: string | null;
  /** Value as text: multiple values joined by '\'; binary as 'N bytes'; sequences as 'N items'. */
  value: string;
  /** Value length in bytes (undefined length counted as parsed). */
  length: number;
  /** Sequence items, each a list of rows; absent for non-sequences. */
  items?: TagRow[][];
}

const TEXT_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT']);
/** Bytes per value and reader of each numeric VR. */
const NUMERIC_VRS: Record<string, [number, (ds: dicomParser.DataSet, tag: string, i: number) => number | undefined]> = {
  US: [2, (ds, t, i) => ds.uint16(t, i)],
  SS: [2, (ds, t, i) => ds.int16(t, i)],
  UL: [4, (ds, t, i) => ds.uint32(t, i)],
  SL: [4, (ds, t, i) => ds.int32(t, i)],
  FL: [4, (ds, t, i) => ds.float(t, i)],
  FD: [8, (ds, t, i) => ds.double(t, i)],
};
/** Longest text value kept; CSA/Phoenix text runs to hundreds of kB. */
const MAX_TEXT = 1024;
/** Most numbers listed from one multi-valued element. */
const MAX_NUMBERS = 32;

/**
 * The VR to decode with: the file's, else the dictionary's first choice ('US or SS' → 'US'),
 * else '' (unknown, shown as text when printable).
 */
function decodeVr(fileVr: string | undefined, dictVr: string | null): { vr: string; fromDictionary: boolean } {
  if (fileVr && fileVr !== 'UN') return { vr: fileVr, fromDictionary: false };
  const first = dictVr?.split(' or ')[0]?.toUpperCase() ?? '';
  if (first.length === 2 && first !== 'OX') return { vr: first, fromDictionary: true };
  return { vr: fileVr ?? '', fromDictionary: false };
}

function isPrintable(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0 && (b < 0x20 || b > 0x7e) && b !== 0x0a && b !== 0x0d && b !== 0x09) return false;
  return true;
}

function textValue(ds: dicomParser.DataSet, element: dicomParser.Element): string {
  const bytes = ds.byteArray.subarray(element.dataOffset, element.dataOffset + Math.min(element.length, MAX_TEXT));
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  s = s.replace(/\0+$/, '').replace(/\s+$/, '');
  return element.length > MAX_TEXT ? `${s}… (${element.length} bytes)` : s;
}

function numericValue(ds: dicomParser.DataSet, tag: string, element: dicomParser.Element, vr: string): string | null {
  const [size, read] = NUMERIC_VRS[vr];
  if (element.length % size !== 0) return null;
  const n = element.length / size;
  const values: string[] = [];
  for (let i = 0; i < Math.min(n, MAX_NUMBERS); i++) values.push(String(read(ds, tag, i)));
  return n > MAX_NUMBERS ? `${values.join('\\')}… (${n} values)` : values.join('\\');
}

function attributeTagValue(ds: dicomParser.DataSet, tag: string, element: dicomParser.Element): string {
  const values: string[] = [];
  for (let i = 0; i + 4 <= element.length; i += 4) values.push(tagKey(ds.uint16(tag, i / 2) ?? 0, ds.uint16(tag, i / 2 + 1) ?? 0));
  return values.join('\\');
}

function valueText(ds: dicomParser.DataSet, tag: string, element: dicomParser.Element, vr: string): string {
  if (element.length === 0) return '';
  if (element.length === 0xffffffff || element.encapsulatedPixelData) return 'encapsulated';
  if (TEXT_VRS.has(vr)) return textValue(ds, element);
  if (vr in NUMERIC_VRS) return numericValue(ds, tag, element, vr) ?? `${element.length} bytes`;
  if (vr === 'AT') return attributeTagValue(ds, tag, element);
  // Unknown VR (implicit private tag nobody names): text when it reads as text, else its length.
  if (vr === '' || vr === 'UN') {
    const head = ds.byteArray.subarray(element.dataOffset, element.dataOffset + Math.min(element.length, MAX_TEXT));
    if (element.length <= MAX_TEXT && isPrintable(head)) return textValue(ds, element);
  }
  return `${element.length} bytes`;
}

/** The private creator of (group, element), from (group,00xx) of the same data set. */
function creatorOf(ds: dicomParser.DataSet, group: number, element: number): string | null {
  if (group % 2 === 0 || element < 0x1000) return null;
  const key = `x${group.toString(16).padStart(4, '0')}00${(element >> 8).toString(16).padStart(2, '0')}`;
  const e = ds.elements[key];
  if (!e || e.length === 0) return null;
  const creator = textValue(ds, e).trim();
  return creator === '' ? null : creator;
}

/** All elements of `ds` (and of its sequences' items) as rows, in ascending tag order. */
export function dumpTags(ds: dicomParser.DataSet, standard: StandardLookup): TagRow[] {
  return Object.keys(ds.elements)
    .sort()
    .map((key) => {
      const element = ds.elements[key];
      const [group, el] = parseParserTag(key);
      const creator = creatorOf(ds, group, el);
      const name = nameTag(group, el, creator, standard);
      const isSequence = element.vr === 'SQ' || element.items !== undefined;
      const { vr, fromDictionary } = isSequence ? { vr: 'SQ', fromDictionary: element.vr !== 'SQ' } : decodeVr(element.vr, name.vr);
      const row: TagRow = {
        tag: tagKey(group, el),
        vr,
        vrFromDictionary: fromDictionary,
        keyword: name.keyword,
        description: name.description,
        source: name.source,
        creator,
        value: '',
        length: element.length,
      };
      if (isSequence) {
        const items = (element.items ?? []).map((item) => (item.dataSet ? dumpTags(item.dataSet, standard) : []));
        return { ...row, value: `${items.length} item${items.length === 1 ? '' : 's'}`, items };
      }
      return { ...row, value: valueText(ds, key, element, vr) };
    });
}

/**
 * Rows whose tag, keyword, description or value contains `query` (case-insensitive; tags match
 * with or without parentheses, e.g. '0043,1039'). A sequence is kept, with only its matching
 * item rows, when something inside it matches.
 */
export function filterTagRows(rows: readonly TagRow[], query: string): TagRow[] {
  const q = query.trim().toLowerCase().replace(/[()\s]/g, '');
  if (q === '') return [...rows];
  const out: TagRow[] = [];
  for (const row of rows) {
    const hay = `${row.tag.replace(/[()]/g, '')} ${row.keyword} ${row.description} ${row.value} ${row.creator ?? ''}`.toLowerCase();
    const selfMatch = hay.includes(q) || hay.replace(/\s/g, '').includes(q);
    const items = row.items?.map((item) => filterTagRows(item, query));
    if (selfMatch) out.push(row);
    else if (items?.some((i) => i.length > 0)) out.push({ ...row, items });
  }
  return out;
}

/**
 * Tags whose values identify the patient outside the patient module (group 0010, hidden whole):
 * accession, study ID, institution, dates and times that date the visit. Person names (PN) are
 * hidden wherever they occur.
 */
const IDENTIFYING_TAGS = new Set([
  '(0008,0020)', '(0008,0021)', '(0008,0022)', '(0008,0023)', '(0008,002A)',
  '(0008,0050)', '(0008,0080)', '(0008,0081)', '(0008,1010)', '(0018,1000)', '(0020,0010)',
  '(0040,0244)', '(0040,0253)',
  // Blinded trial reading also hides what tells the visit: times, study/series/protocol descriptions.
  '(0008,0012)', '(0008,1040)', '(0008,0030)', '(0008,0031)', '(0008,0032)', '(0008,0033)', '(0008,1030)', '(0008,103E)',
  '(0018,1030)', '(0032,1060)', '(0040,0245)', '(0040,0254)', '(0040,0250)', '(0040,0251)', '(0040,0007)', '(0040,A121)',
]);

/** Placeholder shown instead of a hidden identifying value. */
export const HIDDEN_VALUE = '(hidden: blinded)';

/** True when the row's value identifies the patient or the visit (blinded review hides it). */
export function isIdentifyingRow(row: TagRow): boolean {
  // Any date, date-time or time dates the visit, private and acquisition ones included.
  return row.tag.startsWith('(0010,') || row.vr === 'PN' || row.vr === 'DA' || row.vr === 'DT' || row.vr === 'TM' || IDENTIFYING_TAGS.has(row.tag);
}

/** The rows with identifying values replaced by HIDDEN_VALUE, sequences included. */
export function maskIdentifyingRows(rows: readonly TagRow[]): TagRow[] {
  return rows.map((row) => {
    if (isIdentifyingRow(row)) return { ...row, value: HIDDEN_VALUE, items: row.items ? [] : undefined };
    return row.items ? { ...row, items: row.items.map(maskIdentifyingRows) } : row;
  });
}
