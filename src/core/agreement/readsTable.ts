import { ReadsError } from './readsError';

/** One reader's value of one measure for one case, as in a long table `case,reader,measure,value`. */
export interface Read {
  caseId: string;
  reader: string;
  measure: string;
  /** A number (continuous measure) or a category label, as written; '' is a read not given. */
  value: string;
  /** Input line, for messages. */
  line: number;
}

/** A case left out of a measure's statistics because a reader has no value for it. */
export interface DroppedCase {
  caseId: string;
  missingReaders: string[];
}

/** One measure's reads as a complete cases × readers table. */
export type MeasureTable = {
  measure: string;
  /** In order of first appearance; "the first two readers" are readers[0] and readers[1]. */
  readers: string[];
  /** Cases every reader read, in order of first appearance. */
  cases: string[];
  droppedCases: DroppedCase[];
} & (
  | { kind: 'continuous'; values: number[][] }
  | {
      kind: 'categorical';
      values: string[][];
      /** Category order used by the weighted kappas. */
      levels: string[];
      /** True when the order came from the user; otherwise labels are sorted (numbers numerically). */
      levelsGiven: boolean;
      /**
       * Without given levels, the first value that is not a number: what made the measure categorical
       * (a "12,5" among volumes turns them into labels, and the user should hear which line did it).
       */
      firstLabel: { value: string; line: number } | null;
    }
);

/** A plain decimal number ("12", "-0.5", "1e3"); not "", "0x1F", "Infinity" or "1,5". */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Whether a read's value is written as a number (what makes a measure continuous). */
export function isPlainNumber(value: string): boolean {
  return NUMBER.test(value);
}

/**
 * Groups long-format reads into one complete table per measure (in order of first appearance).
 * A measure is categorical when any of its values is not a number, or when `levels` orders it
 * (so graded scores written as numbers, e.g. mRS 0–6, can be read as categories). Cases missing
 * any reader's value are dropped and listed. Throws a ReadsError naming the line for a value read
 * twice, a label outside the given levels, or a measure with fewer than two readers.
 */
export function readsTables(reads: readonly Read[], levels: ReadonlyMap<string, readonly string[]> = new Map()): MeasureTable[] {
  const byMeasure = new Map<string, Read[]>();
  for (const r of reads) {
    const list = byMeasure.get(r.measure) ?? [];
    list.push(r);
    byMeasure.set(r.measure, list);
  }
  return [...byMeasure].map(([measure, list]) => measureTable(measure, list, levels.get(measure)));
}

function measureTable(measure: string, reads: Read[], givenLevels: readonly string[] | undefined): MeasureTable {
  const readers = [...new Set(reads.map((r) => r.reader))];
  if (readers.length < 2) throw new ReadsError(`measure "${measure}" has one reader only (${readers[0]}): agreement needs at least two`);
  const cell = new Map<string, Map<string, Read>>();
  for (const r of reads) {
    const row = cell.get(r.caseId) ?? new Map<string, Read>();
    const before = row.get(r.reader);
    if (before) throw new ReadsError(`case "${r.caseId}", reader "${r.reader}", measure "${measure}" is read twice (lines ${before.line} and ${r.line})`, r.line);
    row.set(r.reader, r);
    cell.set(r.caseId, row);
  }
  const given = reads.filter((r) => r.value !== '');
  const firstLabel = given.find((r) => !isPlainNumber(r.value));
  const categorical = givenLevels !== undefined || firstLabel !== undefined;
  if (givenLevels) {
    const known = new Set(givenLevels);
    const stray = given.find((r) => !known.has(r.value));
    if (stray) throw new ReadsError(`measure "${measure}": "${stray.value}" is not one of the given levels ${givenLevels.join(', ')}`, stray.line);
  }
  const cases: string[] = [];
  const droppedCases: DroppedCase[] = [];
  for (const [caseId, row] of cell) {
    const missingReaders = readers.filter((reader) => (row.get(reader)?.value ?? '') === '');
    if (missingReaders.length > 0) droppedCases.push({ caseId, missingReaders });
    else cases.push(caseId);
  }
  const labels = cases.map((c) => readers.map((reader) => cell.get(c)!.get(reader)!.value));
  const base = { measure, readers, cases, droppedCases };
  if (!categorical) return { ...base, kind: 'continuous', values: labels.map((row) => row.map(Number)) };
  const levels = givenLevels ? [...givenLevels] : [...new Set(given.map((r) => r.value))].sort((x, y) => x.localeCompare(y, 'en', { numeric: true }));
  const labelled = givenLevels || firstLabel === undefined ? null : { value: firstLabel.value, line: firstLabel.line };
  return { ...base, kind: 'categorical', values: labels, levels, levelsGiven: givenLevels !== undefined, firstLabel: labelled };
}
