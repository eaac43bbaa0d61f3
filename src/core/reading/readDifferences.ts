import type { HtRead } from '../trial/htRead';

/** The answers two reads can differ in (the comment is free text, never a disagreement). */
export const COMPARED_FIELDS = ['heidelberg', 'symptomatic', 'side', 'territory', 'lesionCount'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** The Heidelberg classes of a read as one order-free label, e.g. '1c+3b'; '' when unanswered. */
export function heidelbergLabel(classes: HtRead['heidelberg']): string {
  return classes === null ? '' : [...classes].sort().join('+');
}

/** The fields two reads answer differently, in form order; empty when they agree on every answer. */
export function readDifferences(a: HtRead, b: HtRead): ComparedField[] {
  return COMPARED_FIELDS.filter((f) => (f === 'heidelberg' ? heidelbergLabel(a.heidelberg) !== heidelbergLabel(b.heidelberg) : a[f] !== b[f]));
}
