import type { CsvCell } from '../export/csvText';
import type { Estimate } from '../agreement/types';
import type { MeasureResult } from './readingAgreement';

/**
 * Agreement results as one flat table, the same rows on screen and in the export's agreement CSV:
 * per measure and statistic (ICCs over all readers, Bland–Altman bias and limits and kappas per
 * reader pair) its value, 95 % interval and, when undefined or intervalless, why.
 */
export interface AgreementRow {
  measure: string;
  kind: 'continuous' | 'categorical' | '';
  /** The pair the statistic compares ('' for all readers). */
  readerA: string;
  readerB: string;
  n: number | null;
  statistic: string;
  value: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  note: string;
}

export const AGREEMENT_COLUMNS = ['measure', 'kind', 'reader_a', 'reader_b', 'n', 'statistic', 'value', 'ci95_low', 'ci95_high', 'note'] as const;

function row(base: Pick<AgreementRow, 'measure' | 'kind' | 'n'>, readers: [string, string] | null, statistic: string, e: Estimate): AgreementRow {
  return { ...base, readerA: readers?.[0] ?? '', readerB: readers?.[1] ?? '', statistic, value: e.value, ciLow: e.ci95?.[0] ?? null, ciHigh: e.ci95?.[1] ?? null, note: e.reason ?? '' };
}

export function agreementRows(results: readonly MeasureResult[]): AgreementRow[] {
  const rows: AgreementRow[] = [];
  for (const r of results) {
    const a = r.agreement;
    if (!a) {
      rows.push({ measure: r.measure, kind: '', readerA: '', readerB: '', n: null, statistic: '', value: null, ciLow: null, ciHigh: null, note: r.problem ?? '' });
      continue;
    }
    const base = { measure: r.measure, kind: a.kind, n: a.n };
    const dropped = a.droppedCases.map((d) => `case ${d.caseId} left out (no read from ${d.missingReaders.join(', ')})`);
    const start = rows.length;
    if (a.kind === 'continuous') {
      rows.push(row(base, null, 'ICC(1,1)', a.icc1), row(base, null, 'ICC(2,1)', a.icc2), row(base, null, 'ICC(3,1)', a.icc3));
      for (const p of a.pairs) {
        rows.push(row(base, p.readers, 'bias', p.blandAltman.bias), row(base, p.readers, 'lower limit of agreement', p.blandAltman.loaLow), row(base, p.readers, 'upper limit of agreement', p.blandAltman.loaHigh));
      }
    } else {
      for (const p of a.pairs) {
        const unused = p.unusedLevels.length > 0 ? `never used: ${p.unusedLevels.join(', ')}` : '';
        for (const [name, e] of [['kappa', p.kappa], ['kappa, linear weights', p.kappaLinear], ['kappa, quadratic weights', p.kappaQuadratic]] as const) {
          const x = row(base, p.readers, name, e);
          x.note = [x.note, unused].filter(Boolean).join('; ');
          rows.push(x);
        }
      }
    }
    if (dropped.length > 0) rows[start].note = [rows[start].note, ...dropped].filter(Boolean).join('; ');
  }
  return rows;
}

/** The rows as CSV cells in AGREEMENT_COLUMNS order. */
export function agreementCells(r: AgreementRow): CsvCell[] {
  return [r.measure, r.kind, r.readerA, r.readerB, r.n, r.statistic, r.value, r.ciLow, r.ciHigh, r.note];
}
