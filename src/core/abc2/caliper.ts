/**
 * A measured line on a 2D slice: its length in mm and its two ends in fractional pixel
 * coordinates (i along a row, j down the columns; pixel centres at integers), so the viewer can
 * place it through the slice's affine.
 */
export interface Caliper {
  lengthMm: number;
  from: [number, number];
  to: [number, number];
}

/** A 2D mask on a pixel grid: nx·ny pixels indexed j * nx + i, 1 = inside; spacing [sx, sy] mm along i and j. */
export interface Mask2d {
  mask: Uint8Array;
  nx: number;
  ny: number;
  spacing: [number, number];
}
