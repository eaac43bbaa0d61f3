import { curveFeatures, type CurveFeatures } from './curveFeatures';
import { slabOfSlice, type Slab } from './slabOfSlice';
import { viewVoxels, type SliceRangeView } from './sliceRangeView';

/** A vessel candidate for the arterial input or venous output. */
export interface InputCandidate {
  /** Linear index i + nx·(j + ny·k) in the volume. */
  voxel: number;
  /** Largest enhancement over the first frame, ΔHU. */
  peak: number;
  /** Its curve's features, at its own slab's frame times. */
  features: CurveFeatures;
}

/** Voxels enhancing by this much (ΔHU over their first frame) are vessel candidates; tissue peaks at 10–40. */
export const MIN_VESSEL_PEAK_HU = 100;
/** At most this many of the highest candidates are ranked (AIF/VOF selection). */
export const MAX_INPUT_CANDIDATES = 5000;

/**
 * Vessel candidates of a slice range (HU): voxels whose peak enhancement over their first frame
 * reaches `minPeakHu`, the `maxCandidates` highest (ties in voxel order), in descending order of
 * peak, with their curve features. Reads the range frame after frame (contiguous loops). Ranges
 * scanned apart and merged by mergeCandidates give the whole volume's candidates exactly.
 */
export function inputCandidates(
  view: SliceRangeView,
  slabs: readonly Slab[],
  minPeakHu = MIN_VESSEL_PEAK_HU,
  maxCandidates = MAX_INPUT_CANDIDATES,
): InputCandidate[] {
  const { data, stride, offset, dims } = view;
  const [nx, ny, , nt] = dims;
  const count = viewVoxels(view);
  const peak = new Float32Array(count).fill(-Infinity);
  for (let t = 1; t < nt; t++) {
    const base = t * stride + offset;
    for (let v = 0; v < count; v++) {
      const x = data[base + v];
      if (x > peak[v]) peak[v] = x;
    }
  }
  const found: { v: number; peak: number }[] = [];
  for (let v = 0; v < count; v++) {
    const p = peak[v] - data[offset + v];
    if (p >= minPeakHu) found.push({ v, peak: p });
  }
  found.sort((a, b) => b.peak - a.peak);
  const first = view.firstSlice * nx * ny;
  const curve = new Float64Array(nt);
  return found.slice(0, maxCandidates).map(({ v, peak: p }) => {
    const start = data[offset + v];
    for (let t = 0; t < nt; t++) curve[t] = data[t * stride + offset + v] - start;
    const voxel = first + v;
    return { voxel, peak: p, features: curveFeatures(slabOfSlice(slabs, Math.floor(voxel / (nx * ny))).times, curve) };
  });
}

/** Candidate lists of slice ranges, given in slice order, merged into the whole volume's (same order and cut as one scan). */
export function mergeCandidates(lists: readonly InputCandidate[][], maxCandidates = MAX_INPUT_CANDIDATES): InputCandidate[] {
  return lists.flat().sort((a, b) => b.peak - a.peak || a.voxel - b.voxel).slice(0, maxCandidates);
}
