import type { MeasurementKey } from '../measure/types.js';
import type { StoreScope } from './records.js';

/** True when the scope names one series (a full key), false for a whole study. */
export function isSeriesScope(scope: StoreScope): scope is MeasurementKey {
  return 'seriesInstanceUID' in scope;
}

/** Whether a stored key falls in the scope; a null frame of reference matches only null. */
export function keyInScope(key: MeasurementKey, scope: StoreScope): boolean {
  if (key.studyInstanceUID !== scope.studyInstanceUID) return false;
  if (!isSeriesScope(scope)) return true;
  return key.seriesInstanceUID === scope.seriesInstanceUID && key.frameOfReferenceUID === scope.frameOfReferenceUID;
}
