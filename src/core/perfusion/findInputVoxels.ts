import { curveFeatures, type CurveFeatures } from './curveFeatures';
import { selectAif } from './selectAif';
import { selectVof } from './selectVof';
import { slabOfSlice, type Slab } from './slabOfSlice';
import { volumeCurve } from './volumeCurve';

/** Voxels chosen as arterial input and venous output (linear index i + nx·(j + ny·k)); -1 when none. */
export interface InputVoxels {
  aif: number;
  vof: number;
}

/**
 * Automatic AIF and VOF over a 4D CT perfusion volume (HU, volume-major): candidate vessels are the
 * voxels enhancing by at least `minPeakHu` (ΔHU over their first frame, default 100; tissue peaks at
 * 10–40), at most `maxCandidates` of the highest (default 5,000); the AIF is picked by selectAif and
 * the VOF by selectVof among them, each curve's features read at its own slab's times.
 */
export function findInputVoxels(
  data: ArrayLike<number>,
  dims: readonly [number, number, number, number],
  slabs: readonly Slab[],
  minPeakHu = 100,
  maxCandidates = 5000,
): InputVoxels {
  const [nx, ny, nz, nt] = dims;
  const voxels = nx * ny * nz;
  const curve = new Float64Array(nt);
  const candidates: { voxel: number; peak: number }[] = [];
  for (let v = 0; v < voxels; v++) {
    const first = data[v];
    let peak = -Infinity;
    for (let t = 1; t < nt; t++) peak = Math.max(peak, data[t * voxels + v] - first);
    if (peak >= minPeakHu) candidates.push({ voxel: v, peak });
  }
  candidates.sort((a, b) => b.peak - a.peak);
  const kept = candidates.slice(0, maxCandidates);
  const features: CurveFeatures[] = kept.map(({ voxel }) => {
    volumeCurve(data, voxels, voxel, curve);
    const base = curve[0];
    for (let t = 0; t < nt; t++) curve[t] -= base;
    return curveFeatures(slabOfSlice(slabs, Math.floor(voxel / (nx * ny))).times, curve);
  });
  const aif = selectAif(features);
  if (aif < 0) return { aif: -1, vof: -1 };
  const vof = selectVof(features, features[aif].ttp);
  return { aif: kept[aif].voxel, vof: vof < 0 ? -1 : kept[vof].voxel };
}
