import type { Dataset } from './part10';

/**
 * Reading naturalised datasets as dcmjs gives them back: a sequence or multi-valued attribute
 * may come as an array or (one value) as the value itself; absent is undefined.
 */

export function items(value: unknown): Dataset[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as Dataset[];
}

export function values(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function text(value: unknown): string {
  const v = values(value)[0];
  if (v && typeof v === 'object' && 'Alphabetic' in v) return String((v as { Alphabetic: unknown }).Alphabetic ?? '');
  return v === undefined || v === null ? '' : String(v);
}

export function number(value: unknown): number {
  return Number(values(value)[0]);
}

/** A code item's value and scheme, 'value|scheme', for comparison with codes.ts. */
export function codeKey(seq: unknown): string {
  const c = items(seq)[0];
  return c ? `${text(c.CodeValue)}|${text(c.CodingSchemeDesignator)}` : '';
}
