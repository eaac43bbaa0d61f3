import type { AuditAction } from './records.js';

/** The stored state of one entity, as its canonical content JSON and whether it is soft-deleted. */
export interface StoredState {
  json: string;
  deleted: boolean;
}

/**
 * What saving `nextJson` over `current` is, for the audit trail: null when nothing changes
 * (a re-save of identical content on a live row), so identical saves never add audit noise.
 */
export function planSave(current: StoredState | null, nextJson: string): AuditAction | null {
  if (current === null) return 'create';
  if (current.deleted) return 'restore';
  return current.json === nextJson ? null : 'update';
}
