import { DicomError } from '../errors';
import type { FrameLayout } from './FrameDecoder';

/**
 * Upper bounds for a single file. Rows/Columns ≤ 8192 covers the largest Siemens mosaics (~1344²)
 * and any realistic MR/CT matrix with room to spare; 100 000 frames exceeds any enhanced DWI series.
 * They exist so a corrupt header cannot make us allocate gigabytes before failing.
 */
export const PIXEL_LIMITS = { maxRows: 8192, maxColumns: 8192, maxFrames: 100_000 } as const;

/**
 * Checks the pixel module of `file` before any typed view or allocation is made:
 * sane dimensions and sample formats, and — for native pixel data (`availableBytes` not null) —
 * that rows × columns × samples × bytes × frames fits in the Pixel Data element.
 * Throws DicomError naming the file.
 */
export function validatePixelLayout(file: string, layout: FrameLayout, frames: number, availableBytes: number | null): void {
  const { rows, columns, bitsAllocated, bitsStored, pixelRepresentation, samplesPerPixel } = layout;
  const fail = (reason: string): never => {
    throw new DicomError(file, reason);
  };
  if (!Number.isInteger(rows) || rows < 1 || rows > PIXEL_LIMITS.maxRows) fail(`Rows ${rows} outside 1..${PIXEL_LIMITS.maxRows}`);
  if (!Number.isInteger(columns) || columns < 1 || columns > PIXEL_LIMITS.maxColumns)
    fail(`Columns ${columns} outside 1..${PIXEL_LIMITS.maxColumns}`);
  if (!Number.isInteger(frames) || frames < 1 || frames > PIXEL_LIMITS.maxFrames)
    fail(`NumberOfFrames ${frames} outside 1..${PIXEL_LIMITS.maxFrames}`);
  if (bitsAllocated !== 8 && bitsAllocated !== 16 && bitsAllocated !== 32) fail(`BitsAllocated ${bitsAllocated} not supported (8, 16, 32)`);
  if (!Number.isInteger(bitsStored) || bitsStored < 1 || bitsStored > bitsAllocated)
    fail(`BitsStored ${bitsStored} inconsistent with BitsAllocated ${bitsAllocated}`);
  if (pixelRepresentation !== 0 && pixelRepresentation !== 1) fail(`PixelRepresentation ${pixelRepresentation} is neither 0 nor 1`);
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) fail(`SamplesPerPixel ${samplesPerPixel} not supported (1 or 3)`);
  if (availableBytes !== null) {
    const needed = frameByteLength(layout) * frames;
    if (needed > availableBytes)
      fail(`pixel data holds ${availableBytes} bytes but ${rows}×${columns}×${samplesPerPixel}×${bitsAllocated / 8} bytes × ${frames} frames need ${needed}`);
  }
}

/** Bytes of one native (uncompressed) frame. */
export function frameByteLength(layout: FrameLayout): number {
  return layout.rows * layout.columns * layout.samplesPerPixel * (layout.bitsAllocated / 8);
}
