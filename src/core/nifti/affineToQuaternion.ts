import type { Mat4 } from '../math/types';

/** NIfTI-1 qform parameters (nifti1.h method 2): rotation quaternion (b, c, d), offset (mm), qfac ±1, voxel sizes (mm). */
export interface QForm {
  b: number;
  c: number;
  d: number;
  offset: [number, number, number];
  qfac: 1 | -1;
  pixdim: [number, number, number];
}

/**
 * Decomposes a voxel → RAS mm affine (row-major 4×4) into the qform, as nifti_mat44_to_quatern does:
 * column norms are the voxel sizes; a negative determinant is carried by qfac (z column flipped);
 * the remaining rotation is made orthonormal (Gram–Schmidt, exact for the orthogonal affines scanners
 * produce) and converted to a quaternion with a ≥ 0.
 */
export function affineToQuaternion(affine: Mat4): QForm {
  const col = (c: number): [number, number, number] => [affine[c], affine[4 + c], affine[8 + c]];
  const norm = (v: number[]) => Math.hypot(v[0], v[1], v[2]);
  const scale = (v: number[], s: number): [number, number, number] => [v[0] * s, v[1] * s, v[2] * s];
  const dot = (a: number[], b: number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  const [cx, cy, cz] = [col(0), col(1), col(2)];
  const pixdim: [number, number, number] = [norm(cx) || 1, norm(cy) || 1, norm(cz) || 1];
  const x = scale(cx, 1 / pixdim[0]);
  const yRaw = scale(cy, 1 / pixdim[1]);
  const xy = dot(x, yRaw);
  const yOrtho = [yRaw[0] - xy * x[0], yRaw[1] - xy * x[1], yRaw[2] - xy * x[2]];
  const y = scale(yOrtho, 1 / (norm(yOrtho) || 1));
  const zRaw = scale(cz, 1 / pixdim[2]);
  const det = x[0] * (y[1] * zRaw[2] - y[2] * zRaw[1]) - x[1] * (y[0] * zRaw[2] - y[2] * zRaw[0]) + x[2] * (y[0] * zRaw[1] - y[1] * zRaw[0]);
  const qfac: 1 | -1 = det < 0 ? -1 : 1;
  // z orthonormal to x and y, then oriented so (x, y, qfac·z) is a proper rotation.
  const z = [x[1] * y[2] - x[2] * y[1], x[2] * y[0] - x[0] * y[2], x[0] * y[1] - x[1] * y[0]];
  const r = [
    [x[0], y[0], z[0]],
    [x[1], y[1], z[1]],
    [x[2], y[2], z[2]],
  ];
  const trace = r[0][0] + r[1][1] + r[2][2] + 1;
  let a: number, b: number, c: number, d: number;
  if (trace > 0.5) {
    a = 0.5 * Math.sqrt(trace);
    b = (0.25 * (r[2][1] - r[1][2])) / a;
    c = (0.25 * (r[0][2] - r[2][0])) / a;
    d = (0.25 * (r[1][0] - r[0][1])) / a;
  } else {
    const xd = 1 + r[0][0] - (r[1][1] + r[2][2]);
    const yd = 1 + r[1][1] - (r[0][0] + r[2][2]);
    const zd = 1 + r[2][2] - (r[0][0] + r[1][1]);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r[0][1] + r[1][0])) / b;
      d = (0.25 * (r[0][2] + r[2][0])) / b;
      a = (0.25 * (r[2][1] - r[1][2])) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r[0][1] + r[1][0])) / c;
      d = (0.25 * (r[1][2] + r[2][1])) / c;
      a = (0.25 * (r[0][2] - r[2][0])) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r[0][2] + r[2][0])) / d;
      c = (0.25 * (r[1][2] + r[2][1])) / d;
      a = (0.25 * (r[1][0] - r[0][1])) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return { b, c, d, offset: [affine[3], affine[7], affine[11]], qfac, pixdim };
}
