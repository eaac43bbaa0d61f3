import type { ExportModel } from './exportModel';
import { csvText } from './csvText';
import { identifierColumnNames, longRows } from './records';

/** Fixed leading columns of the long format (opted-in identifier columns follow `timepoint`). */
export const LONG_COLUMNS = ['subject', 'timepoint', 'roi_role', 'roi_name', 'map', 'statistic', 'value', 'unit'] as const;

/** Tidy long CSV (one value per row) for R/Stata: subject, timepoint, [identifiers], roi_role, roi_name, map, statistic, value, unit. */
export function csvLong(model: ExportModel): string {
  const ids = identifierColumnNames(model);
  const header = [...LONG_COLUMNS.slice(0, 2), ...ids, ...LONG_COLUMNS.slice(2)];
  const rows = longRows(model).map((r) => [
    r.subject,
    r.timepoint,
    ...ids.map((c) => r.identifiers[c] ?? ''),
    r.roiRole,
    r.roiName,
    r.map,
    r.statistic,
    r.value,
    r.unit,
  ]);
  return csvText(header, rows);
}
