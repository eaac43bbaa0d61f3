import type { FrameLayout } from '../core/dicom/pixels/FrameDecoder';

/**
 * DICOM RLE Lossless (PS3.5 Annex G) → stored bytes of one frame in native little-endian,
 * colour-by-pixel order. A port of @cornerstonejs/dicom-image-loader's decodeRLE (not exported by
 * the package), generalised to any number of byte segments: segment s holds byte
 * (bytesPerSample − 1 − s % bytesPerSample) of sample s / bytesPerSample (most significant first).
 */
export function decodeRle(encoded: Uint8Array, info: FrameLayout): Uint8Array {
  const pixels = info.rows * info.columns;
  const bytesPerSample = info.bitsAllocated / 8;
  const segmentsExpected = bytesPerSample * info.samplesPerPixel;
  if (encoded.length < 64) throw new Error('RLE frame shorter than its 64-byte header');
  const header = new DataView(encoded.buffer, encoded.byteOffset, 64);
  const segments = header.getUint32(0, true);
  if (segments !== segmentsExpected) throw new Error(`RLE frame has ${segments} segments, expected ${segmentsExpected}`);
  const bounds = Array.from({ length: segments }, (_, s) => {
    const start = header.getUint32(4 + s * 4, true);
    const next = s + 1 < segments ? header.getUint32(8 + s * 4, true) : 0;
    return { start, end: next === 0 ? encoded.length : Math.min(next, encoded.length) };
  });
  // A 2-byte replicate run yields at most 128 bytes: a header claiming more than 64× the stream is
  // refused before the output buffer is allocated (a corrupt Rows/Columns must not cost gigabytes).
  for (const [s, { start, end }] of bounds.entries()) {
    if ((end - start) * 64 < pixels) throw new Error(`RLE segment ${s} has ${Math.max(0, end - start)} bytes, too few for ${pixels} pixels`);
  }
  const out = new Uint8Array(pixels * segmentsExpected);
  for (let s = 0; s < segments; s++) {
    const { start, end } = bounds[s];
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample);
    const stride = segmentsExpected;
    let outIndex = sample * bytesPerSample + byteInSample;
    let produced = 0;
    let i = start;
    while (i < end && produced < pixels) {
      const n = (encoded[i++] << 24) >> 24; // signed control byte
      if (n >= 0) {
        for (let r = 0; r <= n && produced < pixels && i < end; r++, produced++, outIndex += stride) out[outIndex] = encoded[i++];
      } else if (n !== -128) {
        const value = encoded[i++];
        for (let r = 0; r <= -n && produced < pixels; r++, produced++, outIndex += stride) out[outIndex] = value;
      }
    }
    // A short segment means the header claims more pixels than were encoded: never zero-fill silently.
    if (produced < pixels) throw new Error(`RLE segment ${s} ends after ${produced} of ${pixels} pixels`);
  }
  return out;
}
