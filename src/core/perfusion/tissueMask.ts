/** Which voxels are brain tissue for the perfusion maps. */
export interface TissueWindow {
  /** Baseline (unenhanced) HU range of tissue, inclusive: excludes air, CSF (≈ 0–15), bone. Default [15, 60]. */
  baselineHu: [number, number];
  /** Voxels enhancing by this much or more (ΔHU) are vessels, not tissue. Default 60 (tissue peaks at 10–40). */
  vesselHu: number;
}

export const DEFAULT_TISSUE_WINDOW: TissueWindow = { baselineHu: [15, 60], vesselHu: 60 };

/**
 * True when a voxel's curve (HU at its frames) is tissue: its mean over the `baselineFrames`
 * first frames lies in the window's HU range and its peak enhancement stays below the vessel cut.
 */
export function isTissue(curve: ArrayLike<number>, baselineFrames: number, huWindow: TissueWindow = DEFAULT_TISSUE_WINDOW): boolean {
  let base = 0;
  for (let t = 0; t < baselineFrames; t++) base += curve[t];
  base /= baselineFrames;
  if (base < huWindow.baselineHu[0] || base > huWindow.baselineHu[1]) return false;
  for (let t = baselineFrames; t < curve.length; t++) if (curve[t] - base >= huWindow.vesselHu) return false;
  return true;
}
