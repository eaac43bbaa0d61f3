import { CsvError, parse, type InfoRecord } from 'csv-parse/sync';

/** One data line of a CSV read by column name, with its line number for messages. */
export interface CsvRow<C extends string> {
  fields: Record<C, string>;
  /** 1-based line in the file (the header is line 1). */
  line: number;
}

/**
 * Parses CSV text whose header names `columns` (in any order, any letter case; other columns are
 * ignored), trimming fields and skipping blank lines. Every error starts with `fileName` and names
 * the line where one is to blame: an empty file, a missing column (with a hint when the file is
 * separated by ';' or tabs), a header with no rows after it, a row with the wrong field count.
 */
export function parseColumnsCsv<C extends string>(text: string, fileName: string, columns: readonly C[], what = 'row'): CsvRow<C>[] {
  let records: { record: string[]; info: InfoRecord }[];
  try {
    // With `info`, csv-parse returns { record, info } per record (its declared type does not model that option).
    records = parse(text, { bom: true, trim: true, skip_empty_lines: true, info: true }) as unknown as typeof records;
  } catch (error) {
    // csv-parse names the line itself ("… on line 7").
    if (error instanceof CsvError) throw new Error(`${fileName}: ${error.message}`, { cause: error });
    throw error;
  }
  if (records.length === 0) throw new Error(`${fileName}: empty file; expected a header line ${columns.join(',')} and one ${what} per line`);
  const [header, ...rows] = records;
  const names = header.record.map((h) => h.toLowerCase());
  const missing = columns.filter((c) => !names.includes(c.toLowerCase()));
  if (missing.length > 0) {
    const hint = header.record.some((h) => h.includes(';') || h.includes('\t')) ? ' (the file looks separated by ";" or tabs; commas are expected)' : '';
    throw new Error(`${fileName} line ${header.info.lines}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; the header has ${header.record.join(', ')}${hint}`);
  }
  if (rows.length === 0) throw new Error(`${fileName}: no ${what}s after the header`);
  const at = columns.map((c) => names.indexOf(c.toLowerCase()));
  return rows.map(({ record, info }) => ({
    // Trimmed inside quotes too: " S-002 " is the subject S-002.
    fields: Object.fromEntries(columns.map((c, i) => [c, record[at[i]].trim()])) as Record<C, string>,
    line: info.lines,
  }));
}
