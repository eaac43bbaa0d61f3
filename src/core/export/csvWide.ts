import type { ExportModel } from './exportModel';
import { csvText } from './csvText';
import { comparableRoiName, compareMaps, identifierColumnNames, longRows, PERFUSION_ROLE, type LongRow } from './records';

/**
 * Wide CSV: one row per subject × timepoint, one column per ROI role × map × statistic, e.g.
 * `infarct_core_MD_mean`. The ROI name joins the column name only for roles with more than one
 * distinct name in the export (`other_caudate_FA_mean`), names compared without their timepoint
 * (comparableRoiName). Columns are in a fixed order (role, name, map, statistic); a missing value
 * is an empty field. Perfusion volumes: `perfusion_core_volume`, `perfusion_hypoperfused_volume`,
 * `perfusion_mismatch_volume`, `perfusion_mismatch_ratio`.
 */

const nameOf = (r: LongRow) => comparableRoiName(r.roiName, r.timepoint);

const ROLE_ORDER = ['infarct-core', 'contralateral-mirror', 'perilesional', 'other', 'ipsi/contra', 'lesion', PERFUSION_ROLE];
const STAT_ORDER = ['mean', 'sd', 'median', 'iqr', 'n', 'area', 'volume', 'mean_ratio', 'abc2', 'planimetric', 'ratio'];
/** Perfusion classes in clinical order (core, then hypoperfused, then mismatch), not alphabetical. */
const PERFUSION_ORDER = ['core', 'hypoperfused', 'mismatch'];

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

function rank(list: readonly string[], item: string): number {
  const i = list.indexOf(item);
  return i < 0 ? list.length : i;
}

function compareRows(a: LongRow, b: LongRow): number {
  return (
    rank(ROLE_ORDER, a.roiRole) - rank(ROLE_ORDER, b.roiRole) ||
    (a.roiRole === PERFUSION_ROLE ? rank(PERFUSION_ORDER, a.roiName) - rank(PERFUSION_ORDER, b.roiName) : 0) ||
    (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0) ||
    compareMaps(a.map, b.map) ||
    rank(STAT_ORDER, a.statistic) - rank(STAT_ORDER, b.statistic)
  );
}

/** A wide column: its header and the unit of its values. */
export interface WideColumn {
  name: string;
  unit: string;
}

function cellKey(r: LongRow): string {
  return [r.roiRole, nameOf(r), r.map, r.statistic].join('\u0000');
}

/** The measurement columns of the wide table and the long-row key each one collects. */
function wideLayout(rows: readonly LongRow[]): { columns: WideColumn[]; keys: string[] } {
  const namesByRole = new Map<string, Set<string>>();
  for (const r of rows) namesByRole.set(r.roiRole, (namesByRole.get(r.roiRole) ?? new Set()).add(nameOf(r)));
  const firstOfKey = new Map<string, LongRow>();
  for (const r of rows) if (!firstOfKey.has(cellKey(r))) firstOfKey.set(cellKey(r), r);
  const ordered = [...firstOfKey.values()].sort(compareRows);
  const used = new Set<string>();
  const columns: WideColumn[] = [];
  for (const r of ordered) {
    const parts = [slug(r.roiRole)];
    if (namesByRole.get(r.roiRole)!.size > 1) parts.push(slug(nameOf(r)) || 'unnamed');
    // A lesion's and a perfusion class's only map is its volume: `lesion_abc2`, `perfusion_core_volume`.
    if (r.roiRole !== 'lesion' && r.roiRole !== PERFUSION_ROLE) parts.push(slug(r.map));
    parts.push(r.statistic);
    const base = parts.join('_');
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    columns.push({ name, unit: r.unit });
  }
  return { columns, keys: ordered.map(cellKey) };
}

/** Measurement columns of the wide CSV with their units (for the provenance JSON's data dictionary). */
export function wideColumns(model: ExportModel): WideColumn[] {
  return wideLayout(longRows(model)).columns;
}

export function csvWide(model: ExportModel): string {
  const ids = identifierColumnNames(model);
  const rows = longRows(model);
  const { columns, keys } = wideLayout(rows);
  const column = new Map(keys.map((k, i) => [k, i]));
  const table = new Map<string, { head: string[]; cells: (number | null)[] }>();
  for (const r of rows) {
    const rowKey = `${r.subject}\u0000${r.timepoint}`;
    let row = table.get(rowKey);
    if (!row) {
      row = { head: [r.subject, r.timepoint, ...ids.map((c) => r.identifiers[c] ?? '')], cells: columns.map(() => null) };
      table.set(rowKey, row);
    }
    const c = column.get(cellKey(r))!;
    if (row.cells[c] !== null) {
      throw new Error(`wide export: subject ${r.subject} has two values for ${columns[c].name} at '${r.timepoint}' (two studies or ROIs share a label; rename one)`);
    }
    row.cells[c] = r.value;
  }
  const header = ['subject', 'timepoint', ...ids, ...columns.map((c) => c.name)];
  return csvText(header, [...table.values()].map((r) => [...r.head, ...r.cells]));
}
