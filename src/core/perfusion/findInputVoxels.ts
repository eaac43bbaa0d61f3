import { inputCandidates, type InputCandidate } from './inputCandidates';
import { selectAif } from './selectAif';
import { selectVof } from './selectVof';
import type { Slab } from './slabOfSlice';
import { wholeVolumeView } from './sliceRangeView';

/** Voxels chosen as arterial input and venous output (linear index i + nx·(j + ny·k)); -1 when none. */
export interface InputVoxels {
  aif: number;
  vof: number;
}

/**
 * The AIF (selectAif) and VOF (selectVof) among vessel candidates (inputCandidates, highest
 * first): the choice made once every slice range's candidates are merged.
 */
export function chooseInputVoxels(candidates: readonly InputCandidate[]): InputVoxels {
  const features = candidates.map((c) => c.features);
  const aif = selectAif(features);
  if (aif < 0) return { aif: -1, vof: -1 };
  const vof = selectVof(features, features[aif].ttp);
  return { aif: candidates[aif].voxel, vof: vof < 0 ? -1 : candidates[vof].voxel };
}

/**
 * Automatic AIF and VOF over a whole 4D CT perfusion volume (HU, volume-major): candidate vessels are
 * the voxels enhancing by at least `minPeakHu` (ΔHU over their first frame, default 100; tissue
 * peaks at 10–40), at most `maxCandidates` of the highest (default 5,000); the AIF is picked by
 * selectAif and the VOF by selectVof among them, each curve's features read at its own slab's times.
 */
export function findInputVoxels(
  data: ArrayLike<number>,
  dims: readonly [number, number, number, number],
  slabs: readonly Slab[],
  minPeakHu?: number,
  maxCandidates?: number,
): InputVoxels {
  return chooseInputVoxels(inputCandidates(wholeVolumeView(data, dims), slabs, minPeakHu, maxCandidates));
}
