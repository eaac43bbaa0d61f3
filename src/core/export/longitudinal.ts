import type { ExportModel } from './exportModel';
import { csvText } from './csvText';
import { DEFAULT_LONGITUDINAL, longitudinalRows, type LongitudinalLabels } from './longitudinalRows';

export { DEFAULT_LONGITUDINAL, longitudinalRows, type LongitudinalLabels, type LongitudinalRow } from './longitudinalRows';

export const LONGITUDINAL_COLUMNS = ['subject', 'roi_role', 'roi_name', 'map', 'statistic', 'unit', 'baseline', 'follow_up', 'change', 'change_percent'];

/** The longitudinal table as CSV: baseline, follow-up, change and % change per subject and quantity. */
export function csvLongitudinal(model: ExportModel, labels: LongitudinalLabels = DEFAULT_LONGITUDINAL): string {
  return csvText(
    LONGITUDINAL_COLUMNS,
    longitudinalRows(model, labels).map((r) => [
      r.subject,
      r.roiRole,
      r.roiName,
      r.map,
      r.statistic,
      r.unit,
      r.baseline,
      r.followUp,
      r.change,
      r.changePercent,
    ]),
  );
}
