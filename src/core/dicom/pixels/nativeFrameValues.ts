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
    if (layout.pixelRepresentation === 1) rescaleSigned16(new Int16Array(bytes.buffer, bytes.byteOffset, n), 32 - bits, slope, intercept, values);
    else rescaleUnsigned16(new Uint16Array(bytes.buffer, bytes.byteOffset, n), 2 ** bits - 1, slope, intercept, values);
    return values;
  }
  rescale(decodeNativeFrame(bytes, layout, bigEndian), slope, intercept, values);
  return values;
}

// Each loop is a function of its own: left inside nativeFrameValues, V8's on-stack replacement made a
// process's later assemblies several times slower than its first (the ingest bench prints every run).

/** values[i] = (samples[i] & mask) · slope + intercept. */
function rescaleUnsigned16(samples: Uint16Array, mask: number, slope: number, intercept: number, values: Float32Array): void {
  for (let i = 0; i < values.length; i++) values[i] = (samples[i] & mask) * slope + intercept;
}

/** values[i] = (samples[i] cut to its low 32 − `shift` bits, sign-extended) · slope + intercept. */
function rescaleSigned16(samples: Int16Array, shift: number, slope: number, intercept: number, values: Float32Array): void {
  for (let i = 0; i < values.length; i++) values[i] = ((samples[i] << shift) >> shift) * slope + intercept;
}

/** values[i] = samples[i] · slope + intercept. */
function rescale(samples: ArrayLike<number>, slope: number, intercept: number, values: Float32Array): void {
  for (let i = 0; i < values.length; i++) values[i] = samples[i] * slope + intercept;
}
