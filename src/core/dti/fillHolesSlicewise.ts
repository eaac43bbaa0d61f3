/**
 * Fills holes of a binary voxel mask slice by slice (each k-slice in the i–j plane), in place:
 * background not 4-connected to the slice border becomes mask. Slice-wise rather than 3D so a
 * cavity that opens through the top or bottom slice of a partial-coverage acquisition (ventricles,
 * dark infarct core on b0) is still filled.
 *
 * Only the bounding box of each slice's mask is flooded (from the background on the box's edge):
 * everything outside the box is background joined to the slice border around the box, so the
 * result is the same as flooding the whole slice, at a fraction of the cost (a brain fills about
 * half of a slice; slices without mask are skipped). This runs on the pool's main thread while
 * the workers wait for the mask.
 */
export function fillHolesSlicewise(mask: Uint8Array, dims: readonly [number, number, number]): void {
  const [nx, ny, nz] = dims;
  const nxy = nx * ny;
  // Per slice: 1 = background reached from the box edge. Indexed like the slice.
  const outside = new Uint8Array(nxy);
  const queue = new Int32Array(nxy);
  for (let k = 0; k < nz; k++) {
    const off = k * nxy;
    let i0 = nx;
    let i1 = -1;
    let j0 = ny;
    let j1 = -1;
    for (let j = 0; j < ny; j++) {
      const row = off + j * nx;
      for (let i = 0; i < nx; i++) {
        if (mask[row + i] === 0) continue;
        if (i < i0) i0 = i;
        if (i > i1) i1 = i;
        if (j < j0) j0 = j;
        j1 = j;
      }
    }
    if (i1 < 0) continue;
    let tail = 0;
    // Seeds: background on the box's four edges.
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i += j === j0 || j === j1 ? 1 : Math.max(1, i1 - i0)) {
        const p = j * nx + i;
        if (mask[off + p] === 0 && outside[p] === 0) {
          outside[p] = 1;
          queue[tail++] = p;
        }
      }
    }
    for (let head = 0; head < tail; head++) {
      const p = queue[head];
      const i = p % nx;
      const j = (p - i) / nx;
      if (i > i0 && mask[off + p - 1] === 0 && outside[p - 1] === 0) {
        outside[p - 1] = 1;
        queue[tail++] = p - 1;
      }
      if (i < i1 && mask[off + p + 1] === 0 && outside[p + 1] === 0) {
        outside[p + 1] = 1;
        queue[tail++] = p + 1;
      }
      if (j > j0 && mask[off + p - nx] === 0 && outside[p - nx] === 0) {
        outside[p - nx] = 1;
        queue[tail++] = p - nx;
      }
      if (j < j1 && mask[off + p + nx] === 0 && outside[p + nx] === 0) {
        outside[p + nx] = 1;
        queue[tail++] = p + nx;
      }
    }
    // Inside the box: background not reached is a hole. Reset `outside` for the next slice.
    for (let j = j0; j <= j1; j++) {
      for (let p = j * nx + i0; p <= j * nx + i1; p++) {
        if (outside[p] === 0) mask[off + p] = 1;
        else outside[p] = 0;
      }
    }
  }
}
