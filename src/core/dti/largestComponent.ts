/**
 * Keeps only the largest 6-connected component of a binary voxel mask (nonzero = set; voxel index
 * order i fastest, then j, then k), in place, as 0/1. Drops eyes, scalp fragments and noise specks
 * that pass the intensity threshold. Of components of equal size the first in voxel order is kept.
 * Returns the size of the kept component in voxels.
 *
 * Works on runs (maximal stretches of set voxels along a row of i) rather than voxels: a brain
 * mask has one or two per row, so union-find over ~10⁴ runs, joining runs that overlap in i in
 * the previous row (j − 1) or the same row of the previous slice (k − 1), replaces a flood over
 * ~10⁵ voxels with its per-voxel neighbour tests, and no per-voxel label array is needed.
 */
export function keepLargestComponent(mask: Uint8Array, dims: readonly [number, number, number]): number {
  const [nx, ny, nz] = dims;
  const rows = ny * nz;
  // Runs of row r (r = k·ny + j) are runs rowStart[r] … rowStart[r + 1] − 1, as i-intervals [lo, hi).
  const rowStart = new Int32Array(rows + 1);
  let lo: Int32Array = new Int32Array(1024);
  let hi: Int32Array = new Int32Array(1024);
  let n = 0;
  for (let r = 0; r < rows; r++) {
    rowStart[r] = n;
    const base = r * nx;
    for (let i = 0; i < nx; ) {
      if (mask[base + i] === 0) {
        i++;
        continue;
      }
      const start = i;
      while (i < nx && mask[base + i] !== 0) i++;
      if (n === lo.length) {
        lo = grow(lo);
        hi = grow(hi);
      }
      lo[n] = start;
      hi[n] = i;
      n++;
    }
  }
  rowStart[rows] = n;
  const parent = new Int32Array(n);
  for (let q = 0; q < n; q++) parent[q] = q;
  const find = (q: number): number => {
    while (parent[q] !== q) {
      parent[q] = parent[parent[q]];
      q = parent[q];
    }
    return q;
  };
  // Joins every pair of overlapping runs of rows a and b (both sorted by i): a two-pointer sweep.
  const joinRows = (a: number, b: number): void => {
    let p = rowStart[a];
    let q = rowStart[b];
    const pEnd = rowStart[a + 1];
    const qEnd = rowStart[b + 1];
    while (p < pEnd && q < qEnd) {
      if (lo[p] < hi[q] && lo[q] < hi[p]) {
        const rp = find(p);
        const rq = find(q);
        // The smaller index as root: a component's root is its first run in voxel order.
        if (rp < rq) parent[rq] = rp;
        else if (rq < rp) parent[rp] = rq;
      }
      if (hi[p] < hi[q]) p++;
      else q++;
    }
  };
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const r = k * ny + j;
      if (j > 0) joinRows(r - 1, r);
      if (k > 0) joinRows(r - ny, r);
    }
  }
  const size = new Float64Array(n);
  for (let q = 0; q < n; q++) size[find(q)] += hi[q] - lo[q];
  let best = -1;
  for (let q = 0; q < n; q++) if (parent[q] === q && (best < 0 || size[q] > size[best])) best = q;
  mask.fill(0);
  if (best < 0) return 0;
  for (let r = 0; r < rows; r++) {
    for (let q = rowStart[r]; q < rowStart[r + 1]; q++) if (find(q) === best) mask.fill(1, r * nx + lo[q], r * nx + hi[q]);
  }
  return size[best];
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
