import { viewVoxels, type SliceRangeView } from './sliceRangeView';

/** Voxels above this are the head (soft tissue, bone); air is −1000 HU. */
export const HEAD_HU = -300;

/**
 * Per-frame moments of the head in a slice range (HU): for frame t, [count, Σi, Σj, Σk] of the
 * voxels above HEAD_HU at out[4t…4t+3] (voxel indices of the whole volume). A binary mask, so the
 * contrast bolus brightening vessels does not move the centroid. Ranges' moments add up.
 */
export function headMoments(view: SliceRangeView): Float64Array {
  const [nx, ny, , nt] = view.dims;
  const count = viewVoxels(view);
  const out = new Float64Array(4 * nt);
  const slice = nx * ny;
  for (let t = 0; t < nt; t++) {
    let n = 0, si = 0, sj = 0, sk = 0;
    const base = t * view.stride + view.offset;
    for (let v = 0; v < count; v++) {
      if (!(view.data[base + v] > HEAD_HU)) continue;
      const inSlice = v % slice;
      n++;
      si += inSlice % nx;
      sj += (inSlice - (inSlice % nx)) / nx;
      sk += view.firstSlice + (v - inSlice) / slice;
    }
    out.set([n, si, sj, sk], 4 * t);
  }
  return out;
}

/** Adds moments `b` into `a` (same length). */
export function addMoments(a: Float64Array, b: Float64Array): Float64Array {
  for (let i = 0; i < a.length; i++) a[i] += b[i];
  return a;
}

/** Head motion read from the frames' centroids. */
export interface FrameMotion {
  /** Largest displacement of the head's centroid between consecutive frames, mm. */
  maxDisplacementMm: number;
  /** The later frame of that pair (0-based; 0 when no displacement). */
  frame: number;
  /** Displacement from the previous frame, mm, per frame (0 for the first). */
  perFrameMm: number[];
}

/** Above this frame-to-frame displacement (mm) the maps are said to be unreliable: about half a 5-mm slice, or two in-plane voxels. */
export const MOTION_WARNING_MM = 2;

/**
 * Frame-to-frame head displacement from headMoments (summed over the volume) and the voxel size
 * (mm, [column, row, slice]): the distance between consecutive frames' centroids. A translation
 * check: it sees the head moving within the field of view, not a rotation about its centre.
 */
export function frameMotion(moments: Float64Array, spacingMm: readonly number[]): FrameMotion {
  const nt = moments.length / 4;
  const perFrameMm = new Array<number>(nt).fill(0);
  let max = 0;
  let frame = 0;
  const centroid = (t: number): number[] | null => {
    const n = moments[4 * t];
    return n > 0 ? [0, 1, 2].map((a) => (moments[4 * t + 1 + a] / n) * spacingMm[a]) : null;
  };
  let prev = centroid(0);
  for (let t = 1; t < nt; t++) {
    const c = centroid(t);
    if (c && prev) {
      perFrameMm[t] = Math.hypot(c[0] - prev[0], c[1] - prev[1], c[2] - prev[2]);
      if (perFrameMm[t] > max) {
        max = perFrameMm[t];
        frame = t;
      }
    }
    prev = c;
  }
  return { maxDisplacementMm: max, frame, perFrameMm };
}
