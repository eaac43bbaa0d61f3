import type { ExportModel } from './exportModel';
import { cleanScaled } from './exportUnits';
import { comparableRoiName, longRows } from './records';

/**
 * Per subject, each measured quantity (ROI role/name × map × statistic, lesion volumes,
 * ratios; names compared without their timepoint, comparableRoiName) at the baseline and follow-up timepoints, with the absolute change (follow-up −
 * baseline, export units) and the percent change (100 · change / baseline; empty when the
 * baseline is 0). Only quantities present at both timepoints are listed.
 */

export interface LongitudinalRow {
  subject: string;
  roiRole: string;
  roiName: string;
  map: string;
  statistic: string;
  unit: string;
  baseline: number;
  followUp: number;
  change: number;
  changePercent: number | null;
}

export interface LongitudinalLabels {
  baseline: string;
  followUp: string;
}

/** The trial's default comparison: the 24 h scan against the day-14 scan. */
export const DEFAULT_LONGITUDINAL: LongitudinalLabels = { baseline: '24 h', followUp: 'day 14' };

/** Statistics compared over time (counts, spreads and areas are not outcome measures). */
const COMPARED = new Set(['mean', 'median', 'mean_ratio', 'abc2', 'planimetric', 'volume', 'ratio']);

export function longitudinalRows(model: ExportModel, labels: LongitudinalLabels = DEFAULT_LONGITUDINAL): LongitudinalRow[] {
  const rows = longRows(model).filter((r) => COMPARED.has(r.statistic));
  const name = (r: (typeof rows)[number]) => comparableRoiName(r.roiName, r.timepoint);
  const key = (r: (typeof rows)[number]) => [r.subject, r.roiRole, name(r), r.map, r.statistic].join('\u0000');
  // First value wins when a subject has two studies with the same label (the model warns about it).
  const followUps = new Map<string, number>();
  for (const r of rows) if (r.timepoint === labels.followUp && !followUps.has(key(r))) followUps.set(key(r), r.value);
  const out: LongitudinalRow[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    if (r.timepoint !== labels.baseline || seen.has(key(r)) || !followUps.has(key(r))) continue;
    seen.add(key(r));
    const followUp = followUps.get(key(r))!;
    const change = cleanScaled(followUp - r.value);
    out.push({
      subject: r.subject,
      roiRole: r.roiRole,
      roiName: name(r),
      map: r.map,
      statistic: r.statistic,
      unit: r.unit,
      baseline: r.value,
      followUp,
      change,
      changePercent: r.value === 0 ? null : cleanScaled((100 * change) / r.value),
    });
  }
  return out;
}
