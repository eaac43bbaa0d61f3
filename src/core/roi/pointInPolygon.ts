/**
 * Even-odd (crossing-number) test of point (x, y) against a closed polygon with vertices
 * (xs[n], ys[n]) in the same 2D plane coordinates (mm). The last vertex joins the first.
 * Edges are half-open in y, so a point exactly on a shared boundary belongs to exactly one
 * of two polygons that tile the plane: adjacent ROIs never both count a voxel.
 */
export function pointInPolygon(x: number, y: number, xs: ArrayLike<number>, ys: ArrayLike<number>): boolean {
  let inside = false;
  const n = xs.length;
  for (let a = 0, b = n - 1; a < n; b = a++) {
    const ya = ys[a];
    const yb = ys[b];
    if (ya > y !== yb > y) {
      const xCross = xs[a] + ((y - ya) * (xs[b] - xs[a])) / (yb - ya);
      if (x < xCross) inside = !inside;
    }
  }
  return inside;
}
