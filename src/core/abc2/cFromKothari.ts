import { kothariSliceWeights } from './kothariSliceWeights';

/** C for ABC/2 by Kothari's weighting, mm: weighted slice count × slice spacing (mm). */
export function cFromKothari(areasMm2: number[], spacingMm: number): number {
  return kothariSliceWeights(areasMm2).weightedCount * spacingMm;
}
