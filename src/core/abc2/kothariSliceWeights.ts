/**
 * Kothari's slice weighting for C: each slice's lesion area (mm², any consistent unit) relative
 * to the largest: ≥ 75 % counts 1, ≥ 25 % and < 75 % counts 0.5, < 25 % (including no lesion)
 * counts 0. weightedCount is the sum of the weights, in slices; C = weightedCount × slice spacing.
 * All-zero areas give zero weights.
 */
export function kothariSliceWeights(areasMm2: number[]): { weights: number[]; weightedCount: number } {
  const largest = Math.max(0, ...areasMm2);
  const weights = areasMm2.map((a): number => {
    if (largest <= 0) return 0;
    const r = a / largest;
    return r >= 0.75 ? 1 : r >= 0.25 ? 0.5 : 0;
  });
  return { weights, weightedCount: weights.reduce((s, w) => s + w, 0) };
}
