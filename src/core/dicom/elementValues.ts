import type dicomParser from 'dicom-parser';

/**
 * Typed reads of one element, by the type the standard (or the vendor) defines for the tag rather
 * than by the VR in the file: implicit-VR files carry private tags with no VR at all, and some
 * converters write them as UN. Each returns null when the element is absent, empty or malformed.
 */

/**
 * A text value (CS, LO, SH, UI, ...) with padding trimmed; '' when absent. What `ds.string(tag)`
 * gives (bytes as Latin-1 up to the first NUL, trimmed), decoded in one call rather than dicom-parser's
 * character-by-character concatenation; synthetic and out-of-buffer elements still go through it
 * (it returns their Value, or throws its own message).
 */
export function text(ds: dicomParser.DataSet, tag: string): string {
  const element = ds.elements[tag];
  if (!element || element.length === 0) return '';
  const bytes = ds.byteArray;
  const start = element.dataOffset;
  const end = start + element.length;
  if ((element as { Value?: unknown }).Value !== undefined || !(start >= 0) || end > bytes.length || element.length > MAX_DIRECT_TEXT) {
    return (ds.string(tag) ?? '').replace(/\0/g, '').trim();
  }
  const nul = bytes.subarray(start, end).indexOf(0);
  return String.fromCharCode.apply(null, bytes.subarray(start, nul < 0 ? end : start + nul) as unknown as number[]).trim();
}

/** Longest value decoded with one String.fromCharCode call (its arguments go on the stack). */
const MAX_DIRECT_TEXT = 4096;

/** Backslash-separated text values (ImageType...). */
export function texts(ds: dicomParser.DataSet, tag: string): string[] {
  const value = text(ds, tag);
  return value === '' ? [] : value.split('\\').map((v) => v.trim());
}

/** Decimal/integer string values (DS, IS): all numbers of a multi-valued element. */
export function decimals(ds: dicomParser.DataSet, tag: string): number[] | null {
  const value = text(ds, tag);
  if (value === '') return null;
  const numbers = value.split('\\').map((v) => Number(v.trim()));
  return numbers.every((n) => Number.isFinite(n)) ? numbers : null;
}

/** First DS/IS value. */
export function decimal(ds: dicomParser.DataSet, tag: string): number | null {
  return decimals(ds, tag)?.[0] ?? null;
}

/**
 * Binary floats: FD when `bytes` is 8, FL when 4. FL values are rounded to 7 significant digits,
 * their real precision, so Philips' b = 0.001 reads as 0.001, not 0.0010000000474974513.
 * Null unless the length is an exact multiple.
 */
export function binaryFloats(ds: dicomParser.DataSet, tag: string, bytes: 4 | 8): number[] | null {
  const element = ds.elements[tag];
  if (!element || element.length === 0 || element.length % bytes !== 0) return null;
  const n = element.length / bytes;
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(bytes === 8 ? (ds.double(tag, i) as number) : Number((ds.float(tag, i) as number).toPrecision(7)));
  return out.every((v) => Number.isFinite(v)) ? out : null;
}

/** Unsigned short (US), e.g. Rows/Columns. */
export function uint16(ds: dicomParser.DataSet, tag: string): number | null {
  const element = ds.elements[tag];
  if (!element || element.length < 2) return null;
  return ds.uint16(tag) ?? null;
}

/** Items of a sequence (each a DataSet); [] when absent. */
export function items(ds: dicomParser.DataSet, tag: string): dicomParser.DataSet[] {
  return (ds.elements[tag]?.items ?? []).flatMap((item) => (item.dataSet ? [item.dataSet] : []));
}

/** First item of a sequence, or null. */
export function firstItem(ds: dicomParser.DataSet, tag: string): dicomParser.DataSet | null {
  return items(ds, tag)[0] ?? null;
}

/** The raw bytes of an element (OB/UN private blobs such as the Siemens CSA headers). */
export function rawBytes(ds: dicomParser.DataSet, tag: string): Uint8Array | null {
  const element = ds.elements[tag];
  if (!element || element.length === 0 || element.length === 0xffffffff) return null;
  return ds.byteArray.subarray(element.dataOffset, element.dataOffset + element.length);
}
