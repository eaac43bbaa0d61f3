/**
 * C for ABC/2 in manual mode, mm: the reader marks the first and last slice showing the lesion
 * (0-based or 1-based indices, either order); C = (|last − first| + 1) × slice spacing (mm).
 */
export function cFromSlices(firstSlice: number, lastSlice: number, spacingMm: number): number {
  return (Math.abs(lastSlice - firstSlice) + 1) * spacingMm;
}
