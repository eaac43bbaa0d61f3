/**
 * Fills holes of a binary voxel mask slice by slice (each k-slice in the i–j plane), in place:
 * background not 4-connected to the slice border becomes mask. Slice-wise rather than 3D so a
 * cavity that opens through the top or bottom slice of a partial-coverage acquisition (ventricles,
 * dark infarct core on b0) is still filled.
 */
export function fillHolesSlicewise(mask: Uint8Array, dims: readonly [number, number, number]): void {
  const [nx, ny, nz] = dims;
  const nxy = nx * ny;
  const outside = new Uint8Array(nxy);
  const queue = new Int32Array(nxy);
  for (let k = 0; k < nz; k++) {
    const off = k * nxy;
    outside.fill(0);
    let head = 0;
    let tail = 0;
    const seed = (p: number): void => {
      if (mask[off + p] === 0 && outside[p] === 0) {
        outside[p] = 1;
        queue[tail++] = p;
      }
    };
    for (let i = 0; i < nx; i++) {
      seed(i);
      seed((ny - 1) * nx + i);
    }
    for (let j = 0; j < ny; j++) {
      seed(j * nx);
      seed(j * nx + nx - 1);
    }
    while (head < tail) {
      const p = queue[head++];
      const i = p % nx;
      const j = (p - i) / nx;
      if (i > 0) seed(p - 1);
      if (i < nx - 1) seed(p + 1);
      if (j > 0) seed(p - nx);
      if (j < ny - 1) seed(p + nx);
    }
    for (let p = 0; p < nxy; p++) if (outside[p] === 0) mask[off + p] = 1;
  }
}
