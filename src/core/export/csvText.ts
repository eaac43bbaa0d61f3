import { stringify } from 'csv-stringify/sync';

/**
 * RFC 4180 CSV text of a header and rows of strings: CRLF line ends, fields quoted only when
 * they hold a comma, quote or line break, quotes doubled. Cells are pre-formatted strings so the
 * bytes never depend on the library's number casting.
 */
export function csvText(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringify([header, ...rows], { record_delimiter: '\r\n', eof: true, quoted_empty: false });
}
