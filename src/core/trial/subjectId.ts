import { sha256Hex } from './sha256';

/**
 * Pseudonymous subject ID derived from a trial salt and the DICOM PatientID (never the
 * patient's name): 'S-' + the first 12 hex digits (48 bits) of SHA-256(salt NUL PatientID).
 * The salt keeps the mapping unguessable from a known PatientID; the same salt and PatientID
 * always give the same ID, so a subject's studies group together across sessions and sites.
 */
export function deriveSubjectId(salt: string, patientId: string): string {
  if (salt === '') throw new Error('a trial salt is required to derive subject IDs');
  return `S-${sha256Hex(`${salt}\u0000${patientId}`).slice(0, 12)}`;
}
