import type { MeasurementKey } from '../measure/types';
import type { ReadRole } from '../store/records';

/**
 * Store id of a read: one per case (study) and reader, and one consensus per case, so each
 * reader's reads are kept apart and a reader saving again updates (and audits) their own read.
 */
export function readId(studyInstanceUID: string, role: ReadRole, reader: string): string {
  return role === 'consensus' ? `consensus:${studyInstanceUID}` : `read:${studyInstanceUID}:${reader}`;
}

/** The store key of a case: the study alone (a read is of the whole case, not of one series). */
export function caseKey(studyInstanceUID: string): MeasurementKey {
  return { studyInstanceUID, seriesInstanceUID: '', frameOfReferenceUID: null };
}
