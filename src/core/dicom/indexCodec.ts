import type { DicomIndex } from './types';

/**
 * A DicomIndex as JSON text and back, exactly: plain JSON would turn NaN and ±Infinity into null,
 * -0 into 0 and drop properties whose value is undefined, so a stored index would not be the index
 * indexing gives (the demo ships its index: it must equal a fresh one). Such values are written as
 * strings starting with U+0000, and a real string starting with U+0000 gets one more.
 * Only plain objects, arrays, strings, numbers, booleans and null are allowed; anything else throws.
 */
const TAG = '\u0000';
const SPECIAL = new Map<string, unknown>([
  [`${TAG}undefined`, undefined],
  [`${TAG}NaN`, NaN],
  [`${TAG}Infinity`, Infinity],
  [`${TAG}-Infinity`, -Infinity],
  [`${TAG}-0`, -0],
]);

function encodeValue(value: unknown): unknown {
  if (value === undefined) return `${TAG}undefined`;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return `${TAG}NaN`;
    if (value === Infinity) return `${TAG}Infinity`;
    if (value === -Infinity) return `${TAG}-Infinity`;
    if (Object.is(value, -0)) return `${TAG}-0`;
    return value;
  }
  if (typeof value === 'string') return value.startsWith(TAG) ? TAG + value : value;
  if (value === null || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(encodeValue);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encodeValue(v);
    return out;
  }
  throw new TypeError(`cannot store ${Object.prototype.toString.call(value)} in an index`);
}

function decodeValue(value: unknown): unknown {
  if (typeof value === 'string') {
    if (!value.startsWith(TAG)) return value;
    if (value.startsWith(TAG + TAG)) return value.slice(1);
    if (!SPECIAL.has(value)) throw new Error(`unknown tagged value in a stored index: ${JSON.stringify(value)}`);
    return SPECIAL.get(value);
  }
  if (Array.isArray(value)) return value.map(decodeValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = decodeValue(v);
    return out;
  }
  return value;
}

/** The index as JSON text (see the module comment). */
export function encodeIndex(index: DicomIndex): string {
  return JSON.stringify(encodeValue(index));
}

/** The index from `encodeIndex` text; throws on text that is not one. */
export function decodeIndex(text: string): DicomIndex {
  const index = decodeValue(JSON.parse(text)) as DicomIndex;
  if (!index || !Array.isArray(index.patients) || !Array.isArray(index.skipped) || !Number.isInteger(index.fileCount)) {
    throw new Error('not a stored DICOM index (patients, skipped, fileCount)');
  }
  return index;
}
