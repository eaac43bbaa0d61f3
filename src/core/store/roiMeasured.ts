import { nativeMapUnit } from '../export/exportUnits.js';
import type { RoiStats } from '../measure/types.js';
import type { MapProvenance, RoiMeasured } from './records.js';

const NUMBERS: (keyof RoiStats)[] = ['n', 'mean', 'sd', 'median', 'q1', 'q3', 'iqr', 'min', 'max'];

/** True when every statistic is a finite number (an ROI with no voxel on a map has NaN mean and SD); a 3D ROI has a volume, no area. */
function finite(s: RoiStats): boolean {
  const optional = [s.areaMm2, s.volumeMl].filter((x) => x !== undefined);
  return NUMBERS.every((k) => Number.isFinite(s[k] as number)) && optional.every((x) => Number.isFinite(x));
}

/**
 * The record of an ROI's statistics as computed on the maps of `fit` at `measuredAt` (ISO 8601):
 * the maps where the ROI holds voxels, each in its native unit (FA '1', diffusivities mm²/s,
 * areas mm², volumes mL). Maps without a voxel have no number to keep (NaN is not a measurement), so they are
 * left out rather than stored as something a reload would read back differently.
 */
export function roiMeasured(stats: readonly RoiStats[], fit: MapProvenance, measuredAt: string): RoiMeasured {
  const kept = stats.filter(finite);
  return { stats: kept, units: Object.fromEntries(kept.map((s) => [s.map, nativeMapUnit(s.map)])), fit, measuredAt };
}
