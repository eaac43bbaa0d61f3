import type { Caliper, Mask2d } from './caliper';

/**
 * B: the longest diameter of the lesion perpendicular to A (same slice, any position along A).
 * Lesion pixel centres (mm) are binned into strips one pixel-extent wide across A (strip width
 * sx|ax| + sy|ay| mm, so an axis-aligned A gives one strip per pixel column); in each strip the
 * extent along the perpendicular is max − min of the centres plus one pixel's extent along it,
 * the same whole-pixel convention as longestDiameter. Returns the widest strip's caliper.
 */
export function longestPerpendicular({ mask, nx, ny, spacing }: Mask2d, a: Caliper): Caliper | null {
  const [sx, sy] = spacing;
  const axMm = (a.to[0] - a.from[0]) * sx;
  const ayMm = (a.to[1] - a.from[1]) * sy;
  const len = Math.hypot(axMm, ayMm);
  if (len === 0) return null;
  const ax = axMm / len;
  const ay = ayMm / len;
  const px = -ay;
  const py = ax;
  const strip = sx * Math.abs(ax) + sy * Math.abs(ay);
  const ext = sx * Math.abs(px) + sy * Math.abs(py);
  const lo = new Map<number, number>();
  const hi = new Map<number, number>();
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      if (mask[j * nx + i] === 0) continue;
      const x = i * sx;
      const y = j * sy;
      const bin = Math.round((x * ax + y * ay) / strip);
      const t = x * px + y * py;
      lo.set(bin, Math.min(lo.get(bin) ?? Infinity, t));
      hi.set(bin, Math.max(hi.get(bin) ?? -Infinity, t));
    }
  let bestBin = 0;
  let bestLen = -1;
  for (const [bin, t0] of lo) {
    const l = (hi.get(bin) as number) - t0 + ext;
    if (l > bestLen) {
      bestLen = l;
      bestBin = bin;
    }
  }
  if (bestLen < 0) return null;
  const s = bestBin * strip;
  const t0 = (lo.get(bestBin) as number) - ext / 2;
  const t1 = (hi.get(bestBin) as number) + ext / 2;
  const toPixel = (t: number): [number, number] => [(s * ax + t * px) / sx, (s * ay + t * py) / sy];
  return { lengthMm: bestLen, from: toPixel(t0), to: toPixel(t1) };
}
