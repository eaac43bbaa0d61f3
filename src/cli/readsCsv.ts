import { readFileSync } from 'node:fs';
import type { Read } from '../core/agreement/readsTable';
import { parseColumnsCsv } from '../core/io/columnsCsv';

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
  return parseColumnsCsv(text, file, ['case', 'reader', 'measure', 'value'], 'read').map(({ fields, line }) => {
    for (const c of ['case', 'reader', 'measure'] as const) if (fields[c] === '') throw new Error(`${file} line ${line}: empty ${c}`);
    return { caseId: fields.case, reader: fields.reader, measure: fields.measure, value: fields.value, line };
  });
}
