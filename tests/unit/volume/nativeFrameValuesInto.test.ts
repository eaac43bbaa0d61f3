import { describe, expect, it } from 'vitest';
import { nativeFrameValues } from '../../../src/core/dicom/pixels/nativeFrameValues';
import type { FrameLayout } from '../../../src/core/dicom/pixels/FrameDecoder';

const layout = (over: Partial<FrameLayout>): FrameLayout =>
  ({ rows: 2, columns: 3, samplesPerPixel: 1, bitsAllocated: 16, bitsStored: 12, pixelRepresentation: 0, planarConfiguration: 0, ...over });

describe('nativeFrameValues into a destination (assembly writes frames in place)', () => {
  it('writes into the given slice of a larger array exactly the values of a new array, and returns it', () => {
    // 12-bit stored in 16: the top nibble is overlay garbage that must be masked (0xf123 → 0x123 = 291).
    const samples = Uint16Array.from([0, 1, 0xf123, 4095, 2048, 7]);
    const bytes = new Uint8Array(samples.buffer);
    for (const l of [layout({}), layout({ pixelRepresentation: 1 }), layout({ bitsAllocated: 8, bitsStored: 8, rows: 1, columns: 6 })]) {
      const src = l.bitsAllocated === 8 ? bytes.subarray(0, 6) : bytes;
      const fresh = nativeFrameValues(src, l, false, 0.5, -10);
      const volume = new Float32Array(20).fill(99);
      const into = volume.subarray(7, 13);
      expect(nativeFrameValues(src, l, false, 0.5, -10, into)).toBe(into);
      expect(Array.from(into)).toEqual(Array.from(fresh));
      expect([volume[6], volume[13]]).toEqual([99, 99]); // neighbours untouched
    }
    expect(Array.from(nativeFrameValues(bytes, layout({}), false, 0.5, -10))).toEqual([-10, -9.5, 135.5, 2037.5, 1014, -6.5]);
  });

  it('refuses a destination of the wrong length', () => {
    expect(() => nativeFrameValues(new Uint8Array(12), layout({}), false, 1, 0, new Float32Array(5))).toThrow(RangeError);
  });
});
