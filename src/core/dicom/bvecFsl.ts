import type { Mat4, Vec3 } from '../math/types';

/**
 * The FSL-convention b-vector dcm2niix writes for a gradient `gradientLPS` (unit, patient LPS),
 * given the NIfTI sform `nifti` (voxel → RAS, row-major, e.g. from niftiAffineFromLps):
 * bvec = Rᵀ · g_RAS with g_RAS = (−gL, −gP, gS) and R the sform's 3×3 with unit columns;
 * x is negated when det(R) > 0 (FSL assumes a radiological, negative-determinant voxel frame).
 * A null gradient (b0 / unknown) gives [0, 0, 0].
 */
export function bvecFsl(gradientLPS: Vec3 | null, nifti: Mat4): Vec3 {
  if (!gradientLPS) return [0, 0, 0];
  const g: Vec3 = [-gradientLPS[0], -gradientLPS[1], gradientLPS[2]];
  const columns = [0, 1, 2].map((c) => {
    const v: Vec3 = [nifti[c], nifti[4 + c], nifti[8 + c]];
    const n = Math.hypot(v[0], v[1], v[2]);
    return [v[0] / n, v[1] / n, v[2] / n] as Vec3;
  });
  const out = columns.map((col) => col[0] * g[0] + col[1] * g[1] + col[2] * g[2]) as Vec3;
  const [a, b, c] = columns;
  const det = a[0] * (b[1] * c[2] - b[2] * c[1]) - b[0] * (a[1] * c[2] - a[2] * c[1]) + c[0] * (a[1] * b[2] - a[2] * b[1]);
  if (det > 0) out[0] = -out[0];
  return out.map((v) => (v === 0 ? 0 : v)) as Vec3;
}
