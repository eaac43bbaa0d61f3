import { readFileSync } from 'node:fs';
import { CsvError, parse, type InfoRecord } from 'csv-parse/sync';
import type { Read } from '../core/agreement/readsTable';

const COLUMNS = ['case', 'reader', 'measure', 'value'] as const;

/**
 * Reads a long reads table: a header naming the columns case, reader, measure, value (in any order,
 * any case; other columns ignored), then one read per line. Every error names the file and, where
 * one is to blame, the line.
 */
export function readReadsCsv(file: string): Read[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  let rows: { record: string[]; info: InfoRecord }[];
  try {
    // With `info`, csv-parse returns { record, info } per record (its declared type does not model that option).
    rows = parse(text, { bom: true, trim: true, skip_empty_lines: true, info: true }) as unknown as typeof rows;
  } catch (error) {
    // csv-parse names the line itself ("… on line 7").
    if (error instanceof CsvError) throw new Error(`${file}: ${error.message}`, { cause: error });
    throw error;
  }
  if (rows.length === 0) throw new Error(`${file}: empty file; expected a header line ${COLUMNS.join(',')} and one read per line`);
  const header = rows[0].record.map((h) => h.toLowerCase());
  const at = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>;
  const missing = COLUMNS.filter((c) => at[c] < 0);
  if (missing.length > 0) {
    const hint = rows[0].record.some((h) => h.includes(';') || h.includes('\t')) ? ' (the file looks separated by ";" or tabs; commas are expected)' : '';
    throw new Error(`${file} line ${rows[0].info.lines}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; the header has ${rows[0].record.join(', ')}${hint}`);
  }
  if (rows.length === 1) throw new Error(`${file}: no reads after the header`);
  return rows.slice(1).map(({ record, info }) => {
    for (const c of ['case', 'reader', 'measure'] as const) {
      if (record[at[c]] === '') throw new Error(`${file} line ${info.lines}: empty ${c}`);
    }
    return { caseId: record[at.case], reader: record[at.reader], measure: record[at.measure], value: record[at.value], line: info.lines };
  });
}
