import type { Mat4, Vec3 } from '../../../src/core/math/types';

/** Test-side geometry, written independently of src/core/roi so the tests check it. */

/** Row-major affine from rotation matrix columns (unit axes), spacings and origin. */
export function affineFrom(R: number[][], spacing: Vec3, origin: Vec3): Mat4 {
  const m: number[] = [];
  for (let r = 0; r < 3; r++) m.push(R[r][0] * spacing[0], R[r][1] * spacing[1], R[r][2] * spacing[2], origin[r]);
  m.push(0, 0, 0, 1);
  return m;
}

/** Rotation by angle (rad) about unit axis (Rodrigues). */
export function rotation(axis: Vec3, angle: number): number[][] {
  const n = Math.hypot(...axis);
  const [x, y, z] = axis.map((v) => v / n);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const C = 1 - c;
  return [
    [c + x * x * C, x * y * C - z * s, x * z * C + y * s],
    [y * x * C + z * s, c + y * y * C, y * z * C - x * s],
    [z * x * C - y * s, z * y * C + x * s, c + z * z * C],
  ];
}

export function matMul(A: number[][], B: number[][]): number[][] {
  return A.map((row) => [0, 1, 2].map((c) => row[0] * B[0][c] + row[1] * B[1][c] + row[2] * B[2][c]));
}

export function apply(affine: Mat4, i: number, j: number, k: number): Vec3 {
  return [0, 1, 2].map((r) => affine[r * 4] * i + affine[r * 4 + 1] * j + affine[r * 4 + 2] * k + affine[r * 4 + 3]) as Vec3;
}

/** Winding number of 2D point about a closed polygon (non-zero = inside); independent of the even-odd code. */
export function windingInside(x: number, y: number, poly: [number, number][]): boolean {
  let total = 0;
  for (let a = 0; a < poly.length; a++) {
    const [x0, y0] = poly[a];
    const [x1, y1] = poly[(a + 1) % poly.length];
    let d = Math.atan2(y1 - y, x1 - x) - Math.atan2(y0 - y, x0 - x);
    if (d > Math.PI) d -= 2 * Math.PI;
    if (d < -Math.PI) d += 2 * Math.PI;
    total += d;
  }
  return Math.abs(total) > Math.PI;
}
