/**
 * Deterministic text of an exported number: the shortest decimal that reads back to the same
 * double (ECMAScript Number::toString, identical in every engine), '' for NaN/±Infinity
 * (an empty CSV field is read as missing by R, Stata and pandas), and '0' for −0.
 */
export function formatNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '';
  return Object.is(value, -0) ? '0' : String(value);
}
