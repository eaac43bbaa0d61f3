/** Scale-bar lengths a reader expects, in mm. */
const NICE_MM = [1, 2, 5, 10, 20, 50, 100, 200];

/**
 * The longest "nice" scale-bar length (mm) that fits in `maxPixels` screen pixels at
 * `mmPerPixel` (patient mm per CSS pixel), with its length in pixels; null when even 1 mm does not fit.
 */
export function scaleBar(mmPerPixel: number, maxPixels: number): { mm: number; pixels: number } | null {
  if (!(mmPerPixel > 0)) return null;
  const fitting = NICE_MM.filter((mm) => mm / mmPerPixel <= maxPixels);
  if (fitting.length === 0) return null;
  const mm = fitting[fitting.length - 1];
  return { mm, pixels: mm / mmPerPixel };
}
