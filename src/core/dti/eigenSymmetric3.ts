/**
 * Eigen-decomposition of a real symmetric 3×3 matrix (a diffusion tensor), allocation-free.
 * Eigenvalues by the closed-form trigonometric solution (Smith 1961), eigenvector of the largest
 * by cross products of rows of (A − λ₁I). Units are whatever the tensor's are (the fit passes
 * µm²/ms); the eigenvector is a unit vector in the tensor's frame, sign arbitrary.
 *
 * Degenerate tensors are handled explicitly rather than left to rounding: when λ₁ ≈ λ₂ (oblate)
 * V1 is any unit vector orthogonal to the well-defined V3; when all three coincide (isotropic)
 * V1 is the first axis. FA is ~0 then, so colour FA does not depend on that choice.
 *
 * Inputs and outputs go through typed arrays, never as number arguments: the fit kernel calls this
 * once per voxel without inlining it, and every double passed to or between non-inlined functions
 * is boxed on the heap (15–24 allocations per voxel, a scavenge every few thousand voxels).
 */

const TWO_PI_3 = (2 * Math.PI) / 3;

/**
 * Writes out[0..2] = λ₁ ≥ λ₂ ≥ λ₃ and out[3..5] = unit V1 (`out` has at least 6 entries).
 * Input: t[0..5] = the six distinct entries a00, a11, a22, a01, a02, a12 (the order of the fit's
 * unknowns Dxx, Dyy, Dzz, Dxy, Dxz, Dyz). Non-finite input gives non-finite eigenvalues (the
 * caller counts the voxel as failed).
 */
export function eigenSymmetric3(t: Float64Array, out: Float64Array): void {
  const a00 = t[0];
  const a11 = t[1];
  const a22 = t[2];
  const a01 = t[3];
  const a02 = t[4];
  const a12 = t[5];
  const q = (a00 + a11 + a22) / 3;
  const p1 = a01 * a01 + a02 * a02 + a12 * a12;
  const d0 = a00 - q;
  const d1 = a11 - q;
  const d2 = a22 - q;
  const p2 = d0 * d0 + d1 * d1 + d2 * d2 + 2 * p1;
  const p = Math.sqrt(p2 / 6);
  let l1: number;
  let l2: number;
  let l3: number;
  if (p === 0) {
    l1 = l2 = l3 = q;
  } else {
    // det((A − qI)/p) / 2, clamped: rounding can push it just outside [−1, 1].
    const b00 = d0 / p;
    const b11 = d1 / p;
    const b22 = d2 / p;
    const b01 = a01 / p;
    const b02 = a02 / p;
    const b12 = a12 / p;
    let r = (b00 * (b11 * b22 - b12 * b12) - b01 * (b01 * b22 - b12 * b02) + b02 * (b01 * b12 - b11 * b02)) / 2;
    if (r < -1) r = -1;
    else if (r > 1) r = 1;
    const phi = Math.acos(r) / 3;
    l1 = q + 2 * p * Math.cos(phi);
    l3 = q + 2 * p * Math.cos(phi + TWO_PI_3);
    l2 = 3 * q - l1 - l3;
  }
  out[0] = l1;
  out[1] = l2;
  out[2] = l3;

  if (eigenvectorOf(t, out, 0)) return;
  // λ₁ ≈ λ₂: take V3 (simple eigenvalue) and any unit vector orthogonal to it.
  if (eigenvectorOf(t, out, 2)) {
    const x = out[3];
    const y = out[4];
    const z = out[5];
    const ax = Math.abs(x);
    const ay = Math.abs(y);
    const az = Math.abs(z);
    // cross(v3, e) with e the axis least aligned with v3
    let cx: number;
    let cy: number;
    let cz: number;
    if (ax <= ay && ax <= az) {
      cx = 0;
      cy = z;
      cz = -y;
    } else if (ay <= az) {
      cx = -z;
      cy = 0;
      cz = x;
    } else {
      cx = y;
      cy = -x;
      cz = 0;
    }
    const n = Math.hypot(cx, cy, cz);
    out[3] = cx / n;
    out[4] = cy / n;
    out[5] = cz / n;
    return;
  }
  out[3] = 1;
  out[4] = 0;
  out[5] = 0;
}

/**
 * Unit null vector of (A − λI), λ = out[k] (A as t[0..5] above), into out[3..5] from the largest
 * cross product of its rows; false when λ is (numerically) a repeated eigenvalue, i.e. all cross
 * products vanish.
 */
function eigenvectorOf(t: Float64Array, out: Float64Array, k: number): boolean {
  const a00 = t[0];
  const a11 = t[1];
  const a22 = t[2];
  const a01 = t[3];
  const a02 = t[4];
  const a12 = t[5];
  const l = out[k];
  const scale = Math.max(Math.abs(out[0]), Math.abs(out[2]), Number.MIN_VALUE);
  // Cross products of rows have magnitude ≈ |λ₁−λ₂|·|λ₁−λ₃|; below this the eigenvalue is double.
  const tiny = 1e-20 * scale * scale * scale * scale;
  const m00 = a00 - l;
  const m11 = a11 - l;
  const m22 = a22 - l;
  // rows r0 = (m00, a01, a02), r1 = (a01, m11, a12), r2 = (a02, a12, m22)
  const c01x = a01 * a12 - a02 * m11;
  const c01y = a02 * a01 - m00 * a12;
  const c01z = m00 * m11 - a01 * a01;
  const c02x = a01 * m22 - a02 * a12;
  const c02y = a02 * a02 - m00 * m22;
  const c02z = m00 * a12 - a01 * a02;
  const c12x = m11 * m22 - a12 * a12;
  const c12y = a12 * a02 - a01 * m22;
  const c12z = a01 * a12 - m11 * a02;
  const n01 = c01x * c01x + c01y * c01y + c01z * c01z;
  const n02 = c02x * c02x + c02y * c02y + c02z * c02z;
  const n12 = c12x * c12x + c12y * c12y + c12z * c12z;
  let x: number;
  let y: number;
  let z: number;
  let n: number;
  if (n01 >= n02 && n01 >= n12) {
    x = c01x;
    y = c01y;
    z = c01z;
    n = n01;
  } else if (n02 >= n12) {
    x = c02x;
    y = c02y;
    z = c02z;
    n = n02;
  } else {
    x = c12x;
    y = c12y;
    z = c12z;
    n = n12;
  }
  if (!(n > tiny)) return false;
  const inv = 1 / Math.sqrt(n);
  out[3] = x * inv;
  out[4] = y * inv;
  out[5] = z * inv;
  return true;
}
