import { nativeMapUnit } from '../export/exportUnits.js';
import type { RoiStats } from '../measure/types.js';
import type { MapProvenance, RoiMeasured } from './records.js';

const NUMBERS: (keyof RoiStats)[] = ['n', 'mean', 'sd', 'median', 'q1', 'q3', 'iqr', 'min', 'max', 'areaMm2'];

/** True when every statistic is a finite number (an ROI with no voxel on a map has NaN mean and SD). */
function finite(s: RoiStats): boolean {
  return NUMBERS.every((k) => Number.isFinite(s[k] as number)) && (s.volumeMl === undefined || Number.isFinite(s.volumeMl));
}

/**
 * The record of an ROI's statistics as computed on the maps of `fit` at `measuredAt` (ISO 8601):
 * the maps where the ROI holds voxels, each in its native unit (FA '1', diffusivities mm²/s,
 * areas mm²). Maps without a voxel have no number to keep (NaN is not a measurement), so they are
 * left out rather than stored as something a reload would read back differently.
 */
export function roiMeasured(stats: readonly RoiStats[], fit: MapProvenance, measuredAt: string): RoiMeasured {
  const kept = stats.filter(finite);
  return { stats: kept, units: Object.fromEntries(kept.map((s) => [s.map, nativeMapUnit(s.map)])), fit, measuredAt };
}
