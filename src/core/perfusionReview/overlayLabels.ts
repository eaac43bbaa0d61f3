/**
 * Labels of the perfusion overlay (one byte per voxel of the maps' grid, the same voxel order):
 * 0 nothing, CORE_LABEL ischaemic core, MISMATCH_LABEL hypoperfused tissue outside the core (the
 * mismatch, penumbra), HYPOPERFUSED_LABEL hypoperfused tissue shown as such. The classes overlap
 * (core and mismatch are parts of the hypoperfusion), a voxel has one label, so a shown class
 * takes precedence in the order core, mismatch, hypoperfused: with core and hypoperfused shown the
 * reader sees the core inside its hypoperfused rim; with mismatch shown the rim becomes mismatch.
 */

export const CORE_LABEL = 1;
export const MISMATCH_LABEL = 2;
export const HYPOPERFUSED_LABEL = 3;

export interface OverlayClasses {
  core: boolean;
  hypoperfused: boolean;
  mismatch: boolean;
}

/** The overlay labels of the core and hypoperfused masks (1 where a voxel counts) with the classes shown. */
export function overlayLabels(core: ArrayLike<number>, hypoperfused: ArrayLike<number>, shown: OverlayClasses): Uint8Array {
  const labels = new Uint8Array(core.length);
  for (let v = 0; v < labels.length; v++) {
    if (shown.core && core[v]) labels[v] = CORE_LABEL;
    else if (shown.mismatch && hypoperfused[v] && !core[v]) labels[v] = MISMATCH_LABEL;
    else if (shown.hypoperfused && hypoperfused[v]) labels[v] = HYPOPERFUSED_LABEL;
  }
  return labels;
}
