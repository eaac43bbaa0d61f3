import { describe, expect, it } from 'vitest';
import { nativeFrameValues } from '../../../src/core/dicom/pixels/nativeFrameValues';
import type { FrameLayout } from '../../../src/core/dicom/pixels/FrameDecoder';

const layout = (pixelRepresentation: number): FrameLayout => ({ rows: 1, columns: 4, bitsAllocated: 16, bitsStored: 12, pixelRepresentation, samplesPerPixel: 1, planarConfiguration: 0 });

/** Little-endian 16-bit words placed at `offset` inside a larger buffer. */
function words(values: number[], offset: number): Uint8Array {
  const buffer = new Uint8Array(offset + values.length * 2);
  values.forEach((v, i) => new DataView(buffer.buffer).setUint16(offset + i * 2, v, true));
  return buffer.subarray(offset);
}

describe('nativeFrameValues', () => {
  // 0xF005: high nibble is overlay garbage above BitsStored 12; 0x0800 is −2048 when signed 12-bit.
  const stored = [0x0001, 0xf005, 0x0800, 0x0fff];
  for (const offset of [0, 1]) {
    it(`unsigned 12-bit: masks the unused bits, then slope/intercept (byte offset ${offset})`, () => {
      expect(Array.from(nativeFrameValues(words(stored, offset), layout(0), false, 2, -1))).toEqual([1, 9, 4095, 8189]);
    });
    it(`signed 12-bit: sign-extends from bit 11 (byte offset ${offset})`, () => {
      expect(Array.from(nativeFrameValues(words(stored, offset), layout(1), false, 1, 0.5))).toEqual([1.5, 5.5, -2047.5, -0.5]);
    });
  }
});
