import type { Estimate } from '../core/agreement/types';
import type { MeasureAgreement } from '../core/agreement/measureAgreement';
import { isPlainNumber } from '../core/agreement/readsTable';

/**
 * The `agreement` command's two outputs from the same results: JSON keyed by measure (for scripts)
 * and a plain-text table (for people).
 */

function estimateJson(e: Estimate) {
  return e.reason === undefined ? { value: e.value, ci95: e.ci95 } : { value: e.value, ci95: e.ci95, reason: e.reason };
}

/** Per measure: n, readers, dropped cases, then ICCs + Bland–Altman or kappas (see the usage text). */
export function agreementJson(results: readonly MeasureAgreement[]): string {
  const out: Record<string, unknown> = {};
  for (const r of results) {
    const common = { kind: r.kind, n: r.n, readers: r.readers, droppedCases: r.droppedCases };
    if (r.kind === 'continuous') {
      const ba = r.blandAltman;
      out[r.measure] = {
        ...common,
        icc1: estimateJson(r.icc1),
        icc2: estimateJson(r.icc2),
        icc3: estimateJson(r.icc3),
        blandAltman: {
          readers: r.readers.slice(0, 2),
          n: ba.n,
          bias: ba.bias.value,
          sd: ba.sdDifference,
          loaLow: ba.loaLow.value,
          loaHigh: ba.loaHigh.value,
          biasCi95: ba.bias.ci95,
          loaLowCi95: ba.loaLow.ci95,
          loaHighCi95: ba.loaHigh.ci95,
          ...(ba.loaLow.reason === undefined ? {} : { reason: ba.loaLow.reason }),
        },
      };
    } else {
      out[r.measure] = {
        ...common,
        levels: r.levels,
        levelsGiven: r.levelsGiven,
        unusedLevels: r.unusedLevels,
        table: r.table,
        kappa: estimateJson(r.kappa),
        kappaLinear: estimateJson(r.kappaLinear),
        kappaQuadratic: estimateJson(r.kappaQuadratic),
      };
    }
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Coefficients (ICC, kappa) to 3 decimals; measure-unit values (Bland–Altman) to 4 significant digits. */
const coefficient = (x: number) => x.toFixed(3);
const measured = (x: number) => String(Number(x.toPrecision(4)));

function row(measure: string, kind: string, n: string, statistic: string, e: Estimate, format: (x: number) => string): string[] {
  return [measure, kind, n, statistic, e.value === null ? '—' : format(e.value), e.ci95 === null ? '—' : `${format(e.ci95[0])} to ${format(e.ci95[1])}`];
}

/** A readable table, one block per measure, then notes: dropped cases, undefined statistics, level order. */
export function agreementText(file: string, results: readonly MeasureAgreement[]): string {
  const rows: string[][] = [['measure', 'kind', 'n', 'statistic', 'value', '95 % CI']];
  const notes: string[] = [];
  for (const r of results) {
    const [a, b] = r.readers;
    const stats: [string, Estimate, (x: number) => string][] =
      r.kind === 'continuous'
        ? [
            ['ICC(1,1)', r.icc1, coefficient],
            ['ICC(2,1)', r.icc2, coefficient],
            ['ICC(3,1)', r.icc3, coefficient],
            [`bias ${a} − ${b}`, r.blandAltman.bias, measured],
            ['lower limit of agreement', r.blandAltman.loaLow, measured],
            ['upper limit of agreement', r.blandAltman.loaHigh, measured],
          ]
        : [
            [`kappa ${a} vs ${b}`, r.kappa, coefficient],
            ['kappa, linear weights', r.kappaLinear, coefficient],
            ['kappa, quadratic weights', r.kappaQuadratic, coefficient],
          ];
    stats.forEach(([name, e, format], i) => rows.push(row(i === 0 ? r.measure : '', i === 0 ? r.kind : '', i === 0 ? String(r.n) : '', name, e, format)));
    const reasons = [...new Set(stats.map(([, e]) => e.reason).filter((x): x is string => x !== undefined))];
    for (const reason of reasons) notes.push(`${r.measure}: ${reason}`);
    if (r.readers.length > 2) notes.push(`${r.measure}: ICCs over all ${r.readers.length} readers (${r.readers.join(', ')}); pairwise statistics for ${a} and ${b}`);
    for (const d of r.droppedCases) notes.push(`${r.measure}: case ${d.caseId} left out (no value from ${d.missingReaders.join(', ')})`);
    if (r.kind === 'categorical') {
      const numbers = r.levels.filter(isPlainNumber).length;
      if (r.firstLabel && numbers > 0) notes.push(`${r.measure}: read as categories because of "${r.firstLabel.value}" on line ${r.firstLabel.line}, though other values are numbers; correct it if it is a number`);
      // With 2 levels every weighting gives the same kappa: only from 3 on does the order matter.
      const sortedNote = r.levelsGiven || r.levels.length < 3 ? '' : ` (sorted; give --levels ${r.measure}=… to set the order the weighted kappas use)`;
      notes.push(`${r.measure}: levels ${r.levels.join(' < ')}${sortedNote}`);
      if (r.unusedLevels.length > 0) notes.push(`${r.measure}: level${r.unusedLevels.length > 1 ? 's' : ''} never used: ${r.unusedLevels.join(', ')}`);
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const lines = rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
  return [`${file}: ${results.length} measure${results.length === 1 ? '' : 's'}`, '', ...lines, ...(notes.length > 0 ? ['', ...notes] : []), ''].join('\n');
}
