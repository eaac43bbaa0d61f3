import { stringify } from 'csv-stringify/sync';
import { formatNumber } from './formatNumber';
import { neutraliseFormula } from './neutraliseFormula';

/** One CSV field: text (neutralised against formula injection), or a number (null / NaN: empty field). */
export type CsvCell = string | number | null;

function cellText(cell: CsvCell): string {
  return typeof cell === 'string' ? neutraliseFormula(cell) : formatNumber(cell);
}

/**
 * RFC 4180 CSV text of a header and rows: CRLF line ends, fields quoted only when they hold a
 * comma, quote or line break, quotes doubled. Every CSV the app and the CLI write goes through
 * here, so the formula guard applies to every text cell (header included) and number text never
 * depends on the library's casting (formatNumber).
 */
export function csvText(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return stringify([header.map(cellText), ...rows.map((r) => r.map(cellText))], { record_delimiter: '\r\n', eof: true, quoted_empty: false });
}
