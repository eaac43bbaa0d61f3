/**
 * CSV formula-injection guard (OWASP "CSV Injection"): a spreadsheet opening an export runs a
 * text cell that starts with = + - @ TAB or CR as a formula (e.g. an ROI named
 * `=HYPERLINK(...)`). Such text gets a leading apostrophe, which spreadsheets show as plain text
 * and R/Stata/pandas keep as one visible character. Only text passes through here: numbers are
 * written by formatNumber and stay untouched, negative values included.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
