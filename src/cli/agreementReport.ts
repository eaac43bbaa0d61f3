import type { BlandAltman } from '../core/agreement/blandAltman';
import type { CategoricalPair, MeasureAgreement } from '../core/agreement/measureAgreement';
import { isPlainNumber } from '../core/agreement/readsTable';
import type { Estimate } from '../core/agreement/types';

/**
 * The `agreement` command's two outputs from the same results: JSON keyed by measure (for scripts)
 * and a plain-text table (for people).
 */

function estimateJson(e: Estimate) {
  return e.reason === undefined ? { value: e.value, ci95: e.ci95 } : { value: e.value, ci95: e.ci95, reason: e.reason };
}

function blandAltmanJson(readers: [string, string], ba: BlandAltman) {
  return {
    readers,
    bias: ba.bias.value,
    sd: ba.sdDifference,
    loaLow: ba.loaLow.value,
    loaHigh: ba.loaHigh.value,
    biasCi95: ba.bias.ci95,
    loaLowCi95: ba.loaLow.ci95,
    loaHighCi95: ba.loaHigh.ci95,
    ...(ba.loaLow.reason === undefined ? {} : { reason: ba.loaLow.reason }),
  };
}

function kappasJson(p: CategoricalPair) {
  return { unusedLevels: p.unusedLevels, table: p.table, kappa: estimateJson(p.kappa), kappaLinear: estimateJson(p.kappaLinear), kappaQuadratic: estimateJson(p.kappaQuadratic) };
}

/**
 * Per measure: n, readers, dropped cases, then ICCs + Bland–Altman or kappas of the first two readers
 * (see the usage text); with more than two readers also `pairs`, the same for every pair.
 */
export function agreementJson(results: readonly MeasureAgreement[]): string {
  const out: Record<string, unknown> = {};
  for (const r of results) {
    const common = { kind: r.kind, n: r.n, readers: r.readers, droppedCases: r.droppedCases };
    if (r.kind === 'continuous') {
      const pairs = r.pairs.map((p) => blandAltmanJson(p.readers, p.blandAltman));
      out[r.measure] = { ...common, icc1: estimateJson(r.icc1), icc2: estimateJson(r.icc2), icc3: estimateJson(r.icc3), blandAltman: pairs[0], ...(pairs.length > 1 ? { pairs } : {}) };
    } else {
      const pairs = r.pairs.map((p) => ({ readers: p.readers, ...kappasJson(p) }));
      out[r.measure] = { ...common, levels: r.levels, levelsGiven: r.levelsGiven, ...kappasJson(r.pairs[0]), ...(pairs.length > 1 ? { pairs } : {}) };
    }
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Coefficients (ICC, kappa) to 3 decimals; measure-unit values (Bland–Altman) to 4 significant digits. */
const coefficient = (x: number) => x.toFixed(3);
const measured = (x: number) => String(Number(x.toPrecision(4)));

type Statistic = [name: string, estimate: Estimate, format: (x: number) => string];

function statistics(r: MeasureAgreement): Statistic[] {
  if (r.kind === 'continuous') {
    return [
      ['ICC(1,1)', r.icc1, coefficient],
      ['ICC(2,1)', r.icc2, coefficient],
      ['ICC(3,1)', r.icc3, coefficient],
      ...r.pairs.flatMap(({ readers: [a, b], blandAltman: ba }): Statistic[] => [
        [`bias ${a} − ${b}`, ba.bias, measured],
        ['lower limit of agreement', ba.loaLow, measured],
        ['upper limit of agreement', ba.loaHigh, measured],
      ]),
    ];
  }
  return r.pairs.flatMap(({ readers: [a, b], kappa, kappaLinear, kappaQuadratic }): Statistic[] => [
    [`kappa ${a} vs ${b}`, kappa, coefficient],
    ['kappa, linear weights', kappaLinear, coefficient],
    ['kappa, quadratic weights', kappaQuadratic, coefficient],
  ]);
}

/** A readable table, one block per measure, then notes: dropped cases, undefined statistics, level order. */
export function agreementText(file: string, results: readonly MeasureAgreement[]): string {
  const rows: string[][] = [['measure', 'kind', 'n', 'statistic', 'value', '95 % CI']];
  const notes: string[] = [];
  for (const r of results) {
    const stats = statistics(r);
    stats.forEach(([name, e, format], i) =>
      rows.push([
        i === 0 ? r.measure : '',
        i === 0 ? r.kind : '',
        i === 0 ? String(r.n) : '',
        name,
        e.value === null ? '—' : format(e.value),
        e.ci95 === null ? '—' : `${format(e.ci95[0])} to ${format(e.ci95[1])}`,
      ]),
    );
    const reasons = [...new Set(stats.map(([, e]) => e.reason).filter((x): x is string => x !== undefined))];
    for (const reason of reasons) notes.push(`${r.measure}: ${reason}`);
    if (r.kind === 'continuous' && r.readers.length > 2) notes.push(`${r.measure}: ICCs over all ${r.readers.length} readers (${r.readers.join(', ')})`);
    for (const d of r.droppedCases) notes.push(`${r.measure}: case ${d.caseId} left out (no value from ${d.missingReaders.join(', ')})`);
    if (r.kind === 'categorical') {
      if (r.firstLabel && r.levels.some(isPlainNumber)) notes.push(`${r.measure}: read as categories because of "${r.firstLabel.value}" on line ${r.firstLabel.line}, though other values are numbers; correct it if it is a number`);
      // With 2 levels every weighting gives the same kappa: only from 3 on does the order matter.
      const sortedNote = r.levelsGiven || r.levels.length < 3 ? '' : ` (sorted; give --levels ${r.measure}=… to set the order the weighted kappas use)`;
      notes.push(`${r.measure}: levels ${r.levels.join(' < ')}${sortedNote}`);
      const unused = r.levels.filter((l) => r.pairs.every((p) => p.unusedLevels.includes(l)));
      if (unused.length > 0) notes.push(`${r.measure}: level${unused.length > 1 ? 's' : ''} never used: ${unused.join(', ')}`);
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const lines = rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
  return [`${file}: ${results.length} measure${results.length === 1 ? '' : 's'}`, '', ...lines, ...(notes.length > 0 ? ['', ...notes] : []), ''].join('\n');
}
