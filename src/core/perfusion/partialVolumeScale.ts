/**
 * Partial-volume correction factor of the AIF: ∫VOF / ∫AIF over the acquisition (both ΔHU at the
 * same frame times, s). An artery is narrower than a CT voxel is wide, so its curve is diluted by
 * surrounding tissue; the superior sagittal sinus is wide enough not to be, and by conservation of
 * the indicator both curves hold the same area. Multiply the AIF by the factor (CBF and CBV fall by
 * it). Returns 1 when the VOF's area is the smaller: then the VOF itself is partial-volumed and
 * scaling the AIF down would inflate every flow.
 */
export function partialVolumeScale(times: ArrayLike<number>, aif: ArrayLike<number>, vof: ArrayLike<number>): number {
  let areaA = 0;
  let areaV = 0;
  for (let i = 1; i < times.length; i++) {
    const dt = times[i] - times[i - 1];
    areaA += 0.5 * (aif[i] + aif[i - 1]) * dt;
    areaV += 0.5 * (vof[i] + vof[i - 1]) * dt;
  }
  return areaA > 0 && areaV > areaA ? areaV / areaA : 1;
}
