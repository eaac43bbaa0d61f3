import type { Caliper, Mask2d } from './caliper';

/**
 * A: the longest diameter of a binary lesion slice, for auto-suggesting the ABC/2 bidirectional.
 * Brute force over boundary pixels (inside pixels with a 4-neighbour outside or on the image
 * edge): the pair of centres farthest apart in mm. The caliper then spans the two end pixels
 * whole: length = centre distance + one pixel's extent along the line (sx|ux| + sy|uy|), so a
 * lesion n pixels wide along i measures n·sx, as a reader's calliper on the screen would.
 * null when the slice has no lesion pixel.
 */
export function longestDiameter({ mask, nx, ny, spacing }: Mask2d): Caliper | null {
  const [sx, sy] = spacing;
  const bi: number[] = [];
  const bj: number[] = [];
  const inside = (i: number, j: number) => i >= 0 && j >= 0 && i < nx && j < ny && mask[j * nx + i] !== 0;
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++)
      if (inside(i, j) && !(inside(i - 1, j) && inside(i + 1, j) && inside(i, j - 1) && inside(i, j + 1))) {
        bi.push(i);
        bj.push(j);
      }
  if (bi.length === 0) return null;
  let best = -1;
  let a = 0;
  let b = 0;
  for (let p = 0; p < bi.length; p++)
    for (let q = p + 1; q < bi.length; q++) {
      const d2 = ((bi[q] - bi[p]) * sx) ** 2 + ((bj[q] - bj[p]) * sy) ** 2;
      if (d2 > best) {
        best = d2;
        a = p;
        b = q;
      }
    }
  const dxMm = (bi[b] - bi[a]) * sx;
  const dyMm = (bj[b] - bj[a]) * sy;
  const dist = Math.sqrt(best);
  // A single pixel: measure it along i.
  const ux = dist > 0 ? dxMm / dist : 1;
  const uy = dist > 0 ? dyMm / dist : 0;
  const ext = sx * Math.abs(ux) + sy * Math.abs(uy);
  const half = ext / 2;
  return {
    lengthMm: dist + ext,
    from: [bi[a] - (half * ux) / sx, bj[a] - (half * uy) / sy],
    to: [bi[b] + (half * ux) / sx, bj[b] + (half * uy) / sy],
  };
}
