import { dot } from '../math/vec3Products';
import type { Mat4, Vec3 } from '../math/types';
import type { PlanarRoi } from '../measure/types';
import { planeFrame, toPlaneCoords } from './planeFrame';
import { pointInPolygon } from './pointInPolygon';
import { lpsToVoxelMap, voxelAxes, voxelVolumeMm3 } from './voxelAffine';

/** The voxels a planar ROI takes on one voxel grid, and the geometry needed to turn counts into mm². */
export interface RoiVoxelSelection {
  /** Linear voxel indices (k * ny + j) * nx + i, ascending. */
  indices: Int32Array;
  /** Slab thickness used, mm along the plane normal. */
  thicknessMm: number;
  /** Plane area one included voxel stands for, mm²: voxel volume / slab thickness. */
  voxelAreaMm2: number;
}

/**
 * Default slab thickness, mm: the extent of one voxel (the parallelepiped of the affine's
 * ei, ej, ek steps) measured along the plane normal, |ei·n| + |ej·n| + |ek·n|. On a plane
 * parallel to the slices this is the slice spacing, so the ROI takes exactly one slice; on an
 * oblique plane it is the thinnest slab that leaves no hole in the sampled area.
 */
export function defaultSlabThickness(affine: Mat4, normal: Vec3): number {
  const { ei, ej, ek } = voxelAxes(affine);
  return Math.abs(dot(ei, normal)) + Math.abs(dot(ej, normal)) + Math.abs(dot(ek, normal));
}

/**
 * THE voxel inclusion rule for planar ROIs (one rule for every shape and every plane):
 * voxel (i, j, k) is included when its centre (affine · (i, j, k), LPS mm) lies within the slab
 * −t/2 ≤ d < t/2 about the ROI plane (d = signed distance along the plane normal; half-open so
 * a plane exactly between two slices takes one of them, never both or none) AND the centre's
 * orthogonal projection onto the plane is inside the contour by the even-odd rule in 2D plane
 * millimetres (contour vertices are projected onto the plane too).
 * Only the voxel bounding box of the contour swept ±t/2 along the normal is visited.
 */
export function selectRoiVoxels(
  roi: PlanarRoi,
  dims: [number, number, number],
  affine: Mat4,
  thicknessMm?: number,
): RoiVoxelSelection {
  const [nx, ny, nz] = dims;
  const frame = planeFrame(roi.plane);
  const t = thicknessMm ?? defaultSlabThickness(affine, frame.normal);
  const voxelAreaMm2 = voxelVolumeMm3(affine) / t;
  const m = roi.contour.length;
  if (m < 3) return { indices: new Int32Array(0), thicknessMm: t, voxelAreaMm2 };
  const xs = new Float64Array(m);
  const ys = new Float64Array(m);
  const toVoxel = lpsToVoxelMap(affine);
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  const half = t / 2;
  for (let c = 0; c < m; c++) {
    const p = roi.contour[c];
    const q = toPlaneCoords(frame, p);
    xs[c] = q.x;
    ys[c] = q.y;
    // The contour point moved into the plane, then to both slab faces: corners of the swept prism.
    for (const s of [-half, half]) {
      const off = s - q.d;
      const v = toVoxel([p[0] + off * frame.normal[0], p[1] + off * frame.normal[1], p[2] + off * frame.normal[2]]);
      for (let a = 0; a < 3; a++) {
        lo[a] = Math.min(lo[a], v[a]);
        hi[a] = Math.max(hi[a], v[a]);
      }
    }
  }
  const i0 = Math.max(0, Math.ceil(lo[0] - 1e-9));
  const i1 = Math.min(nx - 1, Math.floor(hi[0] + 1e-9));
  const j0 = Math.max(0, Math.ceil(lo[1] - 1e-9));
  const j1 = Math.min(ny - 1, Math.floor(hi[1] + 1e-9));
  const k0 = Math.max(0, Math.ceil(lo[2] - 1e-9));
  const k1 = Math.min(nz - 1, Math.floor(hi[2] + 1e-9));

  // Plane coordinates are affine in (i, j, k): step them instead of transforming every centre.
  const { origin, ei, ej, ek } = voxelAxes(affine);
  const base = toPlaneCoords(frame, origin);
  const step = (e: Vec3) => [dot(e, frame.u), dot(e, frame.v), dot(e, frame.normal)];
  const si = step(ei);
  const sj = step(ej);
  const sk = step(ek);
  const out: number[] = [];
  for (let k = k0; k <= k1; k++) {
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const d = base.d + i * si[2] + j * sj[2] + k * sk[2];
        if (d < -half || d >= half) continue;
        const x = base.x + i * si[0] + j * sj[0] + k * sk[0];
        const y = base.y + i * si[1] + j * sj[1] + k * sk[1];
        if (pointInPolygon(x, y, xs, ys)) out.push((k * ny + j) * nx + i);
      }
    }
  }
  return { indices: Int32Array.from(out), thicknessMm: t, voxelAreaMm2 };
}
