/**
 * Keeps only the largest 6-connected component of a binary voxel mask (voxel index order
 * i fastest, then j, then k), in place. Drops eyes, scalp fragments and noise specks that pass
 * the intensity threshold. Iterative flood fill with one queue: no recursion, no per-voxel
 * allocation. Returns the size of the kept component in voxels.
 */
export function keepLargestComponent(mask: Uint8Array, dims: readonly [number, number, number]): number {
  const [nx, ny, nz] = dims;
  const nxy = nx * ny;
  const nvox = nxy * nz;
  const label = new Int32Array(mask.length);
  const queue = new Int32Array(mask.length);
  let next = 0;
  let bestLabel = 0;
  let bestSize = 0;
  for (let seed = 0; seed < mask.length; seed++) {
    if (mask[seed] === 0 || label[seed] !== 0) continue;
    const id = ++next;
    let head = 0;
    let tail = 0;
    queue[tail++] = seed;
    label[seed] = id;
    while (head < tail) {
      const v = queue[head++];
      // Integer remainders only (no float division): i, and the in-slice offset j·nx + i.
      const i = v % nx;
      const p = v % nxy;
      if (i > 0 && mask[v - 1] !== 0 && label[v - 1] === 0) { label[v - 1] = id; queue[tail++] = v - 1; }
      if (i < nx - 1 && mask[v + 1] !== 0 && label[v + 1] === 0) { label[v + 1] = id; queue[tail++] = v + 1; }
      if (p >= nx && mask[v - nx] !== 0 && label[v - nx] === 0) { label[v - nx] = id; queue[tail++] = v - nx; }
      if (p < nxy - nx && mask[v + nx] !== 0 && label[v + nx] === 0) { label[v + nx] = id; queue[tail++] = v + nx; }
      if (v >= nxy && mask[v - nxy] !== 0 && label[v - nxy] === 0) { label[v - nxy] = id; queue[tail++] = v - nxy; }
      if (v < nvox - nxy && mask[v + nxy] !== 0 && label[v + nxy] === 0) { label[v + nxy] = id; queue[tail++] = v + nxy; }
    }
    if (tail > bestSize) {
      bestSize = tail;
      bestLabel = id;
    }
  }
  for (let v = 0; v < mask.length; v++) mask[v] = label[v] === bestLabel && bestLabel !== 0 ? 1 : 0;
  return bestSize;
}
