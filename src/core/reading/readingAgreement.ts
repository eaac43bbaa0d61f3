import { measureAgreement, type MeasureAgreement } from '../agreement/measureAgreement';
import { ReadsError } from '../agreement/readsError';
import { readsTables, type Read } from '../agreement/readsTable';
import type { ReadInput } from '../store/records';
import { isComplete } from './caseState';
import { READ_LEVELS, READ_MEASURES, readMeasureValues } from './readMeasures';

/** One measure's agreement, or why there is none (e.g. one reader only). */
export interface MeasureResult {
  measure: string;
  agreement: MeasureAgreement | null;
  problem: string | null;
}

/** A continuous measure of one case by one reader (e.g. their ABC/2 volume, mL). */
export interface ReaderValue {
  caseId: string;
  reader: string;
  measure: string;
  value: number;
}

/**
 * Inter-reader agreement of the readers' complete reads (drafts and consensus reads are left
 * out: a draft is not a read yet, a consensus is not a reader), with `values` as further
 * continuous measures, through the same src/core/agreement code as the `agreement` command.
 * `caseLabel` names a case (its blinded code) in the results. Each measure stands alone: one
 * with a single reader or a stray value gets its problem, the others still get statistics; a
 * measure nobody answered is left out.
 */
export function readingAgreement(reads: readonly ReadInput[], caseLabel: (studyUID: string) => string, values: readonly ReaderValue[] = []): MeasureResult[] {
  const long: Read[] = [];
  for (const r of reads) {
    if (r.role !== 'reader' || !isComplete(r)) continue;
    const v = readMeasureValues(r.read);
    for (const measure of READ_MEASURES) long.push({ caseId: caseLabel(r.key.studyInstanceUID), reader: r.reader, measure, value: v[measure], line: long.length + 1 });
  }
  for (const v of values) long.push({ caseId: caseLabel(v.caseId), reader: v.reader, measure: v.measure, value: String(v.value), line: long.length + 1 });
  const measures = [...new Set(long.map((r) => r.measure))];
  return measures.flatMap((measure): MeasureResult[] => {
    const mine = long.filter((r) => r.measure === measure);
    if (mine.every((r) => r.value === '')) return [];
    try {
      const levels = READ_LEVELS.has(measure) ? new Map([[measure, READ_LEVELS.get(measure)!]]) : new Map<string, readonly string[]>();
      return readsTables(mine, levels).map((t) => ({ measure, agreement: measureAgreement(t), problem: null }));
    } catch (error) {
      if (error instanceof ReadsError) return [{ measure, agreement: null, problem: error.message }];
      throw error;
    }
  });
}
