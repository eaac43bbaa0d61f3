import { csvText, type CsvCell } from '../export/csvText';
import type { ReadInput } from '../store/records';
import type { HtRead } from '../trial/htRead';
import { AGREEMENT_COLUMNS, agreementCells, type AgreementRow } from './agreementRows';
import { isComplete, type ContinuousMeasure } from './caseState';
import { caseConsensus } from './consensus';
import { heidelbergLabel } from './readDifferences';
import type { ReadingCase } from './readingCases';
import { ecassLabel, withinInfarctGrade } from './readMeasures';

/**
 * The reading export's three tables: every reader's read (drafts marked), the consensus per case,
 * and the agreement statistics. Cases are named by subject pseudonym, timepoint and blinded code,
 * in reading order; the arm is joined here and nowhere on screen; comments are de-identified.
 */

const CASE_COLUMNS = ['case', 'order', 'subject', 'timepoint', 'arm'] as const;
const READ_COLUMNS = ['heidelberg', 'ht_grade', 'ecass', 'symptomatic', 'side', 'territory', 'lesion_count', 'comment'] as const;

function caseCells(c: ReadingCase): CsvCell[] {
  return [c.code, c.order, c.subject, c.timepoint, c.arm];
}

function readCells(read: HtRead | null, c: ReadingCase): CsvCell[] {
  if (!read) return READ_COLUMNS.map(() => null);
  const classes = read.heidelberg ?? [];
  return [
    heidelbergLabel(read.heidelberg),
    classes.length > 0 ? withinInfarctGrade(classes) : null,
    ecassLabel(classes),
    read.symptomatic === null ? null : read.symptomatic ? 'yes' : 'no',
    read.side,
    read.territory,
    read.lesionCount,
    c.redact(read.comment),
  ];
}

/** Per-reader reads: one row per case and reader, in reading order then reader name. */
export function readsCsv(cases: readonly ReadingCase[], reads: readonly ReadInput[]): string {
  const rows: CsvCell[][] = [];
  for (const c of cases) {
    const mine = reads.filter((r) => r.role === 'reader' && r.key.studyInstanceUID === c.studyInstanceUID).sort((a, b) => a.reader.localeCompare(b.reader));
    for (const r of mine) rows.push([...caseCells(c), r.reader, isComplete(r) ? 'complete' : 'draft', ...readCells(r.read, c)]);
  }
  return csvText([...CASE_COLUMNS, 'reader', 'status', ...READ_COLUMNS], rows);
}

/** Consensus per case: how it came about (see ConsensusSource), by whom, and its answers. */
export function consensusCsv(cases: readonly ReadingCase[], reads: readonly ReadInput[], measures: (studyUID: string) => ContinuousMeasure[] = () => []): string {
  const rows = cases.map((c) => {
    const k = caseConsensus(
      reads.filter((r) => r.key.studyInstanceUID === c.studyInstanceUID),
      measures(c.studyInstanceUID),
    );
    return [...caseCells(c), k.source, k.by.join('; '), ...readCells(k.read, c)];
  });
  return csvText([...CASE_COLUMNS, 'source', 'decided_by', ...READ_COLUMNS], rows);
}

/** The agreement rows (agreementRows) as CSV. */
export function agreementCsv(rows: readonly AgreementRow[]): string {
  return csvText(AGREEMENT_COLUMNS, rows.map(agreementCells));
}
