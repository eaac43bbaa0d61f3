import type { MeasurementKey } from '../measure/types';
import type { ReadRole } from '../store/records';
import { sha256Hex } from '../trial/sha256';

/**
 * Store id of a read: one per case (study) and reader, and one consensus per case, so each
 * reader's reads are kept apart and a reader saving again updates (and audits) their own read.
 * The reader's name enters as 16 hex digits of its SHA-256: ids stay within the store's id
 * alphabet whatever the name holds (the name itself is in the read and its audit rows).
 */
export function readId(studyInstanceUID: string, role: ReadRole, reader: string): string {
  return role === 'consensus' ? `consensus:${studyInstanceUID}` : `read:${studyInstanceUID}:${sha256Hex(reader).slice(0, 16)}`;
}

/** The store key of a case: the study alone (a read is of the whole case, not of one series). */
export function caseKey(studyInstanceUID: string): MeasurementKey {
  return { studyInstanceUID, seriesInstanceUID: '', frameOfReferenceUID: null };
}
