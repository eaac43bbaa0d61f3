/** Baseline HU at and above which a CT voxel is bone (the skull's inner table is far above it, brain far below). */
export const BONE_HU = 150;

/**
 * The voxels inside the skull on an unenhanced CT (HU, nx·ny·nz): per slice, everything not
 * reachable from the slice's edge through non-bone voxels (4-connected), bone excluded. Scalp and
 * soft tissue outside the skull have brain-like HU and would enter the perfusion volumes
 * otherwise. Slices where the skull is open (skull base foramina) are left empty by this rule.
 */
export function intracranialMask(baseline: ArrayLike<number>, dims: readonly [number, number, number], boneHu = BONE_HU): Uint8Array {
  const [nx, ny, nz] = dims;
  const slice = nx * ny;
  const out = new Uint8Array(slice * nz);
  const outside = new Uint8Array(slice);
  const queue = new Int32Array(slice);
  for (let k = 0; k < nz; k++) {
    const base = k * slice;
    outside.fill(0);
    let head = 0;
    let tail = 0;
    const visit = (p: number) => {
      if (outside[p] || baseline[base + p] >= boneHu) return;
      outside[p] = 1;
      queue[tail++] = p;
    };
    for (let i = 0; i < nx; i++) {
      visit(i);
      visit((ny - 1) * nx + i);
    }
    for (let j = 0; j < ny; j++) {
      visit(j * nx);
      visit(j * nx + nx - 1);
    }
    while (head < tail) {
      const p = queue[head++];
      const i = p % nx;
      if (i > 0) visit(p - 1);
      if (i < nx - 1) visit(p + 1);
      if (p >= nx) visit(p - nx);
      if (p < slice - nx) visit(p + nx);
    }
    for (let p = 0; p < slice; p++) if (!outside[p] && baseline[base + p] < boneHu) out[base + p] = 1;
  }
  return out;
}
