import type { DecodedSamples } from './FrameDecoder';
import type { PaletteLut } from './paletteLut';

/**
 * Maps one frame of stored palette indices (rows × columns, row-major) to interleaved RGB
 * (rows × columns × 3, in the LUT's units). Every index is clamped into the table, as PS3.3
 * C.7.6.3.1.5 prescribes: below the first mapped value → the first entry, past the last → the last,
 * so no pixel value, however corrupt, can read outside the table.
 */
export function applyPaletteLut(indices: DecodedSamples, lut: PaletteLut): Uint16Array {
  const { entries, firstMapped, red, green, blue } = lut;
  const last = entries - 1;
  const rgb = new Uint16Array(indices.length * 3);
  for (let p = 0, o = 0; p < indices.length; p++, o += 3) {
    const k = indices[p] - firstMapped;
    const e = k < 0 ? 0 : k > last ? last : k;
    rgb[o] = red[e];
    rgb[o + 1] = green[e];
    rgb[o + 2] = blue[e];
  }
  return rgb;
}
