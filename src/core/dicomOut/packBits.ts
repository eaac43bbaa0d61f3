/**
 * Binary segmentation frames as DICOM packs them (PS3.5 8.1.1, BitsAllocated 1): one bit per
 * pixel, least significant bit first, frames end to end with no padding between them (only the
 * whole Pixel Data is padded to an even length).
 */
export function packBits(frames: readonly Uint8Array[]): Uint8Array {
  const bits = frames.reduce((n, f) => n + f.length, 0);
  const out = new Uint8Array(Math.ceil(bits / 8) + (Math.ceil(bits / 8) % 2));
  let b = 0;
  for (const frame of frames) {
    for (let i = 0; i < frame.length; i++, b++) if (frame[i] !== 0) out[b >> 3] |= 1 << (b & 7);
  }
  return out;
}

/** Frame `f` (0-based) of `pixels` pixels out of packed Pixel Data, 0/1 per pixel. */
export function unpackFrame(packed: Uint8Array, f: number, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels);
  for (let i = 0, b = f * pixels; i < pixels; i++, b++) out[i] = (packed[b >> 3] >> (b & 7)) & 1;
  return out;
}
