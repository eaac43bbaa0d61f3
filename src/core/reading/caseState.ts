import type { ReadInput } from '../store/records';
import { validateHtRead } from '../trial/validateHtRead';
import { readDifferences, type ComparedField } from './readDifferences';

/** Where a case stands in the worklist, for the reader signed in. */
export const CASE_STATES = ['not started', 'in progress', 'complete', 'adjudication needed'] as const;
export type CaseState = (typeof CASE_STATES)[number];

/**
 * A continuous measure of the case per reader (e.g. their ABC/2 volume, mL) and how far apart two
 * readers may be before the case goes to adjudication, in the measure's unit.
 */
export interface ContinuousMeasure {
  measure: string;
  tolerance: number;
  byReader: ReadonlyMap<string, number>;
}

/** Two readers' complete reads of one case that disagree: which answers, and which measures beyond tolerance. */
export interface Disagreement {
  readers: [string, string];
  fields: ComparedField[];
  measures: { measure: string; values: [number, number]; tolerance: number }[];
}

/** Whether a read answers every required field consistently (validateHtRead finds nothing). */
export function isComplete(read: ReadInput): boolean {
  return validateHtRead(read.read).length === 0;
}

/**
 * Every pair of readers (in reader-name order) whose complete reads of a case differ in an answer,
 * or in a continuous measure both have by more than its tolerance. Drafts are not compared: a
 * reader still working has not disagreed yet.
 */
export function caseDisagreements(reads: readonly ReadInput[], measures: readonly ContinuousMeasure[] = []): Disagreement[] {
  const done = reads.filter((r) => r.role === 'reader' && isComplete(r)).sort((a, b) => a.reader.localeCompare(b.reader));
  const out: Disagreement[] = [];
  for (let i = 0; i < done.length; i++)
    for (let j = i + 1; j < done.length; j++) {
      const [a, b] = [done[i], done[j]];
      const beyond = measures.flatMap((m) => {
        const x = m.byReader.get(a.reader);
        const y = m.byReader.get(b.reader);
        return x !== undefined && y !== undefined && Math.abs(x - y) > m.tolerance ? [{ measure: m.measure, values: [x, y] as [number, number], tolerance: m.tolerance }] : [];
      });
      const fields = readDifferences(a.read, b.read);
      if (fields.length > 0 || beyond.length > 0) out.push({ readers: [a.reader, b.reader], fields, measures: beyond });
    }
  return out;
}

/**
 * The worklist state of a case for `reader`: complete once a consensus is recorded; adjudication
 * needed while complete reads disagree without one; otherwise the reader's own read decides
 * (none: not started, with unanswered or inconsistent fields: in progress, else complete).
 */
export function caseState(reads: readonly ReadInput[], reader: string, measures: readonly ContinuousMeasure[] = []): CaseState {
  if (reads.some((r) => r.role === 'consensus' && isComplete(r))) return 'complete';
  if (caseDisagreements(reads, measures).length > 0) return 'adjudication needed';
  const own = reads.find((r) => r.role === 'reader' && r.reader === reader);
  if (!own) return 'not started';
  return isComplete(own) ? 'complete' : 'in progress';
}
