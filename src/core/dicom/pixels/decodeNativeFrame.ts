import type { DecodedSamples, FrameLayout } from './FrameDecoder';
import { frameByteLength } from './validatePixelLayout';

/** Byte order of the machine running this (typed arrays use it). */
export const LITTLE_ENDIAN_PLATFORM = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Stored values of one uncompressed frame (`bytes` exactly one frame long, already validated).
 * Copies into a fresh aligned buffer: the source view may sit at an odd offset inside the file.
 * Samples are reduced to BitsStored (masked when unsigned, sign-extended when signed) because
 * the unused high bits may legally carry overlay or garbage.
 */
export function decodeNativeFrame(bytes: Uint8Array, layout: FrameLayout, bigEndian: boolean): DecodedSamples {
  const length = frameByteLength(layout);
  const copy = bytes.slice(0, length);
  const n = length / (layout.bitsAllocated / 8);
  const signed = layout.pixelRepresentation === 1;
  if (layout.bitsAllocated === 8) return reduceToBitsStored(signed ? new Int8Array(copy.buffer) : copy, layout);
  // Same byte order as the machine: the aligned copy already is the samples (no per-sample reads).
  if (bigEndian !== LITTLE_ENDIAN_PLATFORM) {
    if (layout.bitsAllocated === 16) return reduceToBitsStored(signed ? new Int16Array(copy.buffer) : new Uint16Array(copy.buffer), layout);
    return reduceToBitsStored(signed ? new Int32Array(copy.buffer) : new Uint32Array(copy.buffer), layout);
  }
  const view = new DataView(copy.buffer);
  const little = !bigEndian;
  if (layout.bitsAllocated === 16) {
    const out = signed ? new Int16Array(n) : new Uint16Array(n);
    for (let i = 0; i < n; i++) out[i] = signed ? view.getInt16(i * 2, little) : view.getUint16(i * 2, little);
    return reduceToBitsStored(out, layout);
  }
  const out = signed ? new Int32Array(n) : new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = signed ? view.getInt32(i * 4, little) : view.getUint32(i * 4, little);
  return reduceToBitsStored(out, layout);
}

/** In place: keeps the low BitsStored bits, with two's-complement sign extension when signed. */
export function reduceToBitsStored<T extends DecodedSamples>(samples: T, layout: FrameLayout): T {
  const { bitsStored, bitsAllocated, pixelRepresentation } = layout;
  if (bitsStored >= bitsAllocated || samples instanceof Float32Array) return samples;
  const shift = 32 - bitsStored;
  const mask = 2 ** bitsStored - 1;
  for (let i = 0; i < samples.length; i++) {
    samples[i] = pixelRepresentation === 1 ? (samples[i] << shift) >> shift : samples[i] & mask;
  }
  return samples;
}
