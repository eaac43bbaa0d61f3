import { decodeNativeFrame, LITTLE_ENDIAN_PLATFORM } from './decodeNativeFrame';
import type { FrameLayout } from './FrameDecoder';
import { frameByteLength } from './validatePixelLayout';

/**
 * Rescaled values (stored × slope + intercept, float32) of one uncompressed frame, `bytes` exactly
 * one frame long. The common MR case — 16-bit samples in the machine's byte order at an even offset —
 * is read in place and reduced to BitsStored, rescaled in one pass without intermediate copies;
 * anything else goes through decodeNativeFrame. Same values either way.
 * `into`: where to write them (rows × columns × samples long, e.g. the frame's place in a volume)
 * instead of a new array; returned.
 */
export function nativeFrameValues(bytes: Uint8Array, layout: FrameLayout, bigEndian: boolean, slope: number, intercept: number, into?: Float32Array): Float32Array {
  const n = layout.rows * layout.columns * layout.samplesPerPixel;
  if (into && into.length !== n) throw new RangeError(`frame has ${n} values, destination ${into.length}`);
  const values = into ?? new Float32Array(n);
  if (layout.bitsAllocated === 16 && bigEndian !== LITTLE_ENDIAN_PLATFORM && bytes.byteOffset % 2 === 0 && bytes.length >= frameByteLength(layout)) {
    const bits = Math.min(layout.bitsStored, 16);
    if (layout.pixelRepresentation === 1) {
      const samples = new Int16Array(bytes.buffer, bytes.byteOffset, n);
      const shift = 32 - bits;
      for (let i = 0; i < n; i++) values[i] = ((samples[i] << shift) >> shift) * slope + intercept;
    } else {
      const samples = new Uint16Array(bytes.buffer, bytes.byteOffset, n);
      const mask = 2 ** bits - 1;
      for (let i = 0; i < n; i++) values[i] = (samples[i] & mask) * slope + intercept;
    }
    return values;
  }
  const samples = decodeNativeFrame(bytes, layout, bigEndian);
  for (let i = 0; i < n; i++) values[i] = samples[i] * slope + intercept;
  return values;
}
