import { parseColumnsCsv } from '../io/columnsCsv';

/**
 * Treatment arm of each subject from a randomisation list: CSV with columns subject and arm (any
 * order and letter case, other columns ignored), one subject per line. Returned in file order.
 * Throws with `fileName` and the line for an empty file, a missing column, an empty subject or arm,
 * or a subject listed twice (even with the same arm: a list with repeats is not the list exported
 * by the randomisation system, and which line is right cannot be known here).
 */
export function parseRandomisationCsv(text: string, fileName: string): Map<string, string> {
  const arms = new Map<string, string>();
  const lineOf = new Map<string, number>();
  for (const { fields, line } of parseColumnsCsv(text, fileName, ['subject', 'arm'], 'subject')) {
    if (fields.subject === '') throw new Error(`${fileName} line ${line}: empty subject`);
    if (fields.arm === '') throw new Error(`${fileName} line ${line}: subject ${fields.subject} has no arm`);
    const before = lineOf.get(fields.subject);
    if (before !== undefined) throw new Error(`${fileName} line ${line}: subject ${fields.subject} is listed twice (lines ${before} and ${line})`);
    lineOf.set(fields.subject, line);
    arms.set(fields.subject, fields.arm);
  }
  return arms;
}
