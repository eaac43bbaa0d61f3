import type dicomParser from 'dicom-parser';
import { DicomError } from '../errors';
import type { FrameLayout } from './FrameDecoder';

/**
 * A validated PALETTE COLOR lookup table (PS3.3 C.7.6.3.1.5–6): stored pixel value → red, green, blue.
 * Entry k maps the stored value `firstMapped + k`; values are the LUT's own units (0..2^bits − 1).
 */
export interface PaletteLut {
  /** Number of entries, 1..65536 (a descriptor value of 0 means 65536). */
  entries: number;
  /** Stored pixel value mapped by entry 0 (signed when the descriptor is SS or PixelRepresentation is 1). */
  firstMapped: number;
  /** Bits per entry, 8 or 16: outputs lie in 0..2^bits − 1. */
  bits: 8 | 16;
  red: Uint16Array;
  green: Uint16Array;
  blue: Uint16Array;
}

const PHOTOMETRIC = 'x00280004';
const CHANNELS = [
  { name: 'red', descriptor: 'x00281101', data: 'x00281201', segmented: 'x00281221' },
  { name: 'green', descriptor: 'x00281102', data: 'x00281202', segmented: 'x00281222' },
  { name: 'blue', descriptor: 'x00281103', data: 'x00281203', segmented: 'x00281223' },
] as const;

/** True when the file's PhotometricInterpretation is PALETTE COLOR: its stored values are indices, not intensities. */
export function isPaletteColour(ds: dicomParser.DataSet): boolean {
  return (ds.string(PHOTOMETRIC) ?? '').replace(/\0/g, '').trim() === 'PALETTE COLOR';
}

/**
 * Reads and validates the palette of a PALETTE COLOR file before any pixel is mapped: one grey
 * sample of 8 or 16 bits per pixel; three descriptors of exactly three values, identical across
 * channels, 8 or 16 bits per entry; LUT data present and exactly as long as the descriptor says
 * (8-bit entries packed one per byte, or — a common non-conformance the standard notes — one per
 * 16-bit word with the high byte zero). Segmented palettes (0028,1221-1223) are rejected: their
 * segment grammar is rare in MR/CT and a misread one would silently recolour the image.
 * `bigEndian`: the file's transfer syntax (OW words are swapped; packed bytes move with them).
 * Throws DicomError naming `file` and the reason.
 */
export function readPaletteLut(file: string, ds: dicomParser.DataSet, layout: FrameLayout, bigEndian: boolean): PaletteLut {
  const fail = (reason: string): never => {
    throw new DicomError(file, `PALETTE COLOR: ${reason}`);
  };
  if (layout.samplesPerPixel !== 1) fail(`SamplesPerPixel ${layout.samplesPerPixel}, palette indices need 1`);
  if (layout.bitsAllocated !== 8 && layout.bitsAllocated !== 16) fail(`BitsAllocated ${layout.bitsAllocated}, palette indices need 8 or 16`);

  const descriptors = CHANNELS.map((c) => readDescriptor(ds, c.descriptor, layout.pixelRepresentation === 1, fail, c.name));
  const [first] = descriptors;
  for (let i = 1; i < 3; i++) {
    const d = descriptors[i];
    if (d.entries !== first.entries || d.firstMapped !== first.firstMapped || d.bits !== first.bits)
      fail(`${CHANNELS[i].name} descriptor ${d.raw} differs from red ${first.raw}`);
  }
  const [red, green, blue] = CHANNELS.map((c) => {
    const element = ds.elements[c.data];
    if (!element) {
      return fail(
        ds.elements[c.segmented]
          ? `segmented palette lookup tables (0028,1221-1223) are not supported`
          : `no ${c.name} palette lookup table data (0028,${c.data.slice(5)})`,
      );
    }
    return readData(ds, element, first.entries, first.bits, bigEndian, fail, c.name);
  });
  return { entries: first.entries, firstMapped: first.firstMapped, bits: first.bits, red, green, blue };
}

interface Descriptor {
  entries: number;
  firstMapped: number;
  bits: 8 | 16;
  /** As written, for messages. */
  raw: string;
}

function readDescriptor(ds: dicomParser.DataSet, tag: string, signedPixels: boolean, fail: (r: string) => never, name: string): Descriptor {
  const element = ds.elements[tag];
  if (!element) return fail(`no ${name} palette descriptor (0028,${tag.slice(5)})`);
  if (element.length !== 6) return fail(`${name} palette descriptor is ${element.length} bytes, expected 3 values of 2 bytes`);
  const entries = ds.uint16(tag, 0) ?? NaN;
  const firstMapped = element.vr === 'SS' || signedPixels ? (ds.int16(tag, 1) ?? NaN) : (ds.uint16(tag, 1) ?? NaN);
  const bits = ds.uint16(tag, 2) ?? NaN;
  const raw = `${entries}\\${firstMapped}\\${bits}`;
  if (bits !== 8 && bits !== 16) return fail(`${name} palette descriptor ${raw}: ${bits} bits per entry, expected 8 or 16`);
  return { entries: entries === 0 ? 65536 : entries, firstMapped, bits, raw };
}

/** One channel's entries as 16-bit values; checks the byte length against the descriptor first. */
function readData(
  ds: dicomParser.DataSet,
  element: dicomParser.Element,
  entries: number,
  bits: 8 | 16,
  bigEndian: boolean,
  fail: (r: string) => never,
  name: string,
): Uint16Array {
  const { dataOffset, length } = element;
  const bytes = ds.byteArray;
  if (length === 0xffffffff || dataOffset + length > bytes.length)
    fail(`${name} palette lookup table data runs past the end of the file (${length} bytes at ${dataOffset}, file has ${bytes.length})`);
  const out = new Uint16Array(entries);
  const word = (i: number): number => {
    const a = bytes[dataOffset + 2 * i];
    const b = bytes[dataOffset + 2 * i + 1];
    return bigEndian ? (a << 8) | b : a | (b << 8);
  };
  if (bits === 16) {
    if (length !== 2 * entries) fail(`${name} palette lookup table data holds ${length} bytes, ${entries} 16-bit entries need ${2 * entries}`);
    for (let i = 0; i < entries; i++) out[i] = word(i);
    return out;
  }
  // 8-bit entries: packed bytes (padded to even length), in OW byte order.
  if (length === entries + (entries % 2)) {
    for (let i = 0; i < entries; i++) out[i] = bytes[dataOffset + (bigEndian ? i ^ 1 : i)];
    return out;
  }
  if (length === 2 * entries) {
    for (let i = 0; i < entries; i++) {
      const v = word(i);
      if (v > 0xff) fail(`${name} palette entry ${i} is ${v}, above the 8 bits per entry the descriptor declares`);
      out[i] = v;
    }
    return out;
  }
  return fail(`${name} palette lookup table data holds ${length} bytes, ${entries} 8-bit entries need ${entries + (entries % 2)} (or ${2 * entries} as 16-bit words)`);
}
