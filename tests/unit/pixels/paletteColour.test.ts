import { describe, expect, it } from 'vitest';
import { createFrameDecoder } from '../../../src/codecs/createFrameDecoder';
import { DicomError } from '../../../src/core/dicom/errors';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import { decodeFileFrames } from '../../../src/core/dicom/pixels/decodeFileFrames';
import { lutBytes, paletteImage, type PaletteImageOptions } from '../../fixtures/paletteImage';
import { memorySource } from './nodeFiles';

/**
 * PALETTE COLOR images: the palette is validated before any pixel is mapped, every index is
 * clamped into the table, and every malformed palette is a DicomError naming the file and reason.
 */

const decoder = createFrameDecoder();

/** A 16-entry ramp palette: red rises, green falls, blue constant-ish, distinct per entry. */
const RAMP = Array.from({ length: 16 }, (_, k) => k);
const red = RAMP.map((k) => k * 4096 + 15);
const green = RAMP.map((k) => 65535 - k * 4096);
const blue = RAMP.map((k) => (k * 7919) % 65536);

function image(over: Partial<PaletteImageOptions>): Uint8Array {
  return paletteImage({
    rows: 2,
    columns: 4,
    bitsAllocated: 8,
    indices: [0, 1, 2, 3, 12, 13, 14, 15],
    descriptors: [
      [16, 0, 16],
      [16, 0, 16],
      [16, 0, 16],
    ],
    data: [lutBytes(red, 16), lutBytes(green, 16), lutBytes(blue, 16)],
    ...over,
  });
}

async function decode(path: string, bytes: Uint8Array) {
  return decodeFileFrames(memorySource(path, bytes), decoder);
}

async function failure(path: string, bytes: Uint8Array): Promise<DicomError> {
  const err = await decode(path, bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DicomError);
  expect((err as DicomError).file).toBe(path);
  expect((err as DicomError).message).toContain(path);
  return err as DicomError;
}

/** The interleaved RGB the palette gives entry k of each listed index. */
const expectedRgb = (entries: number[], r: number[], g: number[], b: number[]) => entries.flatMap((k) => [r[k], g[k], b[k]]);

describe('PALETTE COLOR decoding', () => {
  it('maps 8-bit indices through a 16-bit, 16-entry palette to RGB (3 samples per pixel, no rescale)', async () => {
    const { frames, pixel } = await decode('pal/ok.dcm', image({}));
    expect(pixel.samplesPerPixel).toBe(3);
    expect(pixel.planarConfiguration).toBe(0);
    expect(Array.from(frames[0])).toEqual(expectedRgb([0, 1, 2, 3, 12, 13, 14, 15], red, green, blue));
  });

  it('clamps indices below the first mapped value to the first entry and above the table to the last', async () => {
    // First mapped 100: stored 100..115 map to entries 0..15; 0, 99 → entry 0; 116, 65535 → entry 15.
    const bytes = image({
      bitsAllocated: 16,
      indices: [0, 99, 100, 101, 114, 115, 116, 65535],
      descriptors: [
        [16, 100, 16],
        [16, 100, 16],
        [16, 100, 16],
      ],
    });
    const { frames } = await decode('pal/clamp.dcm', bytes);
    expect(Array.from(frames[0])).toEqual(expectedRgb([0, 0, 0, 1, 14, 15, 15, 15], red, green, blue));
  });

  it('reads 8-bit entries packed one per byte and one per 16-bit word (high byte zero)', async () => {
    const r8 = RAMP.map((k) => k * 16);
    const g8 = RAMP.map((k) => 255 - k * 16);
    const b8 = RAMP.map((k) => (k * 37) % 256);
    const descriptors: PaletteImageOptions['descriptors'] = [
      [16, 0, 8],
      [16, 0, 8],
      [16, 0, 8],
    ];
    const packed = await decode('pal/packed.dcm', image({ descriptors, data: [lutBytes(r8, 8), lutBytes(g8, 8), lutBytes(b8, 8)] }));
    const words = await decode('pal/words.dcm', image({ descriptors, data: [lutBytes(r8, 16), lutBytes(g8, 16), lutBytes(b8, 16)] }));
    const want = expectedRgb([0, 1, 2, 3, 12, 13, 14, 15], r8, g8, b8);
    expect(Array.from(packed.frames[0])).toEqual(want);
    expect(Array.from(words.frames[0])).toEqual(want);
  });

  it('reads an odd number of packed 8-bit entries (data padded to even length)', async () => {
    const entries = 5;
    const lut = [10, 20, 30, 40, 50];
    const padded = Uint8Array.from([...lut, 0]);
    const d = [entries, 0, 8];
    const { frames } = await decode('pal/odd.dcm', image({ indices: [0, 1, 2, 3, 4, 5, 6, 200], descriptors: [d, d, d], data: [padded, padded, padded] }));
    expect(Array.from(frames[0])).toEqual(expectedRgb([0, 1, 2, 3, 4, 4, 4, 4], lut, lut, lut));
  });

  it('reads a descriptor entry count of 0 as 65536 entries (16-bit indices address them all)', async () => {
    const n = 65536;
    const r = Array.from({ length: n }, (_, i) => i);
    const g = Array.from({ length: n }, (_, i) => 65535 - i);
    const b = Array.from({ length: n }, (_, i) => (i * 3) & 0xffff);
    const d = [0, 0, 16];
    const indices = [0, 1, 255, 256, 4097, 40000, 65534, 65535];
    const { frames } = await decode('pal/full.dcm', image({ bitsAllocated: 16, indices, descriptors: [d, d, d], data: [lutBytes(r, 16), lutBytes(g, 16), lutBytes(b, 16)] }));
    expect(Array.from(frames[0])).toEqual(expectedRgb(indices, r, g, b));
  });

  it('reads a signed first mapped value (SS descriptor, PixelRepresentation 1)', async () => {
    // First mapped −4: stored −4..11 are entries 0..15; −100 → 0, 100 → 15.
    const d = [16, -4, 16];
    const { frames } = await decode(
      'pal/signed.dcm',
      image({ bitsAllocated: 16, pixelRepresentation: 1, indices: [-100, -5, -4, -3, 0, 10, 11, 100], descriptors: [d, d, d] }),
    );
    expect(Array.from(frames[0])).toEqual(expectedRgb([0, 0, 0, 1, 4, 14, 15, 15], red, green, blue));
  });

  it('decodes the same palette from an implicit VR little endian file', async () => {
    const { frames } = await decode('pal/implicit.dcm', image({ transferSyntax: 'implicit-le' }));
    expect(Array.from(frames[0])).toEqual(expectedRgb([0, 1, 2, 3, 12, 13, 14, 15], red, green, blue));
  });
});

describe('malformed palettes are DicomErrors naming the file and the reason', () => {
  const d16 = [16, 0, 16];
  it.each([
    ['12 bits per entry', { descriptors: [[16, 0, 12], [16, 0, 12], [16, 0, 12]] }, /12 bits per entry, expected 8 or 16/],
    ['a two-value descriptor', { descriptors: [[16, 0], d16, d16] }, /red palette descriptor is 4 bytes, expected 3 values/],
    ['a four-value descriptor', { descriptors: [d16, [16, 0, 16, 0], d16] }, /green palette descriptor is 8 bytes/],
    ['channels with different entry counts', { descriptors: [d16, d16, [8, 0, 16]] }, /blue descriptor 8\\0\\16 differs from red 16\\0\\16/],
    ['channels with different first mapped values', { descriptors: [d16, [16, 3, 16], d16] }, /green descriptor 16\\3\\16 differs/],
    ['LUT data shorter than the descriptor', { data: [lutBytes(red.slice(0, 15), 16), lutBytes(green, 16), lutBytes(blue, 16)] }, /red palette lookup table data holds 30 bytes, 16 16-bit entries need 32/],
    ['LUT data longer than the descriptor', { data: [lutBytes(red, 16), lutBytes([...green, 1], 16), lutBytes(blue, 16)] }, /green palette lookup table data holds 34 bytes/],
    ['a missing blue table', { data: [lutBytes(red, 16), lutBytes(green, 16), null] }, /no blue palette lookup table data \(0028,1203\)/],
    ['a segmented palette only', { data: [null, null, null], segmented: lutBytes([0, 16, 0, 0xffff], 16) }, /segmented palette lookup tables \(0028,1221-1223\) are not supported/],
    ['a missing descriptor', { descriptors: [d16, d16, []] }, /blue palette descriptor is 0 bytes|no blue palette descriptor/],
    ['8-bit entries above 255 in 16-bit words', { descriptors: [[16, 0, 8], [16, 0, 8], [16, 0, 8]] }, /red palette entry 1 is 4111, above the 8 bits/],
    ['8-bit entries whose byte count fits neither layout', { descriptors: [[16, 0, 8], [16, 0, 8], [16, 0, 8]], data: [new Uint8Array(20), new Uint8Array(20), new Uint8Array(20)] }, /red palette lookup table data holds 20 bytes, 16 8-bit entries need 16 \(or 32 as 16-bit words\)/],
  ] as [string, Partial<PaletteImageOptions>, RegExp][])('%s', async (name, over, reason) => {
    const path = `bad/${name.replace(/\W+/g, '-')}.dcm`;
    const err = await failure(path, image(over));
    expect(err.reason).toMatch(/^PALETTE COLOR: /);
    expect(err.reason).toMatch(reason);
  });

  it('a 32-bit palette index is refused before its LUT is read', async () => {
    const err = await failure('bad/32bit.dcm', image({ bitsAllocated: 32 }));
    expect(err.reason).toMatch(/BitsAllocated 32, palette indices need 8 or 16/);
  });
});

describe('indexing a palette image', () => {
  it('leaves its frames off the grey-scale fast path (indices are not intensities)', async () => {
    const index = await indexFiles([memorySource('pal/ok.dcm', image({}))]);
    expect(index.skipped).toEqual([]);
    const frames = index.patients[0].studies[0].series[0].frames;
    expect(frames).toHaveLength(1);
    expect(frames[0].nativePixels).toBeUndefined();
  });

  it('skips a malformed palette at indexing, naming the file and reason, and keeps the good file', async () => {
    const bad = image({ data: [lutBytes(red.slice(0, 15), 16), lutBytes(green, 16), lutBytes(blue, 16)] });
    const index = await indexFiles([memorySource('pal/ok.dcm', image({})), memorySource('pal/short-lut.dcm', bad)]);
    expect(index.skipped).toEqual([{ path: 'pal/short-lut.dcm', reason: 'PALETTE COLOR: red palette lookup table data holds 30 bytes, 16 16-bit entries need 32' }]);
    expect(index.patients[0].studies[0].series[0].frames).toHaveLength(1);
  });
});
