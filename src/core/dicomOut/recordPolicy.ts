import type { IdentifierFlag } from '../export/basicProfile';
import { deidentifyTimestamp, hashUid, identifyingStrings, type SubjectDeidContext } from '../export/deidentify';
import { hashedRecordId } from '../export/exportModel';
import { freeTextRedactor } from '../export/freeTextRedaction';
import type { PatientEntry, StudyEntry } from '../dicom/types';
import type { RecordPolicy } from './reportGroups';

/** Record text, ids and times as stored (identified objects for the hospital's own PACS). */
export const AS_STORED: RecordPolicy = { id: (id) => id, text: (t) => t, time: (t) => t, uid: (u) => u };

/**
 * Record text, ids and times de-identified as the CSV export does it: ids hashed as its
 * provenance lists them, free text redacted of the study's identifiers (and of dates unless
 * opted in), work times shifted per subject or removed.
 */
export function trialPolicy(patient: PatientEntry, study: StudyEntry, ctx: SubjectDeidContext & { include: readonly IdentifierFlag[] }): RecordPolicy {
  const secrets = [
    ...identifyingStrings('patient', patient as unknown as Record<string, unknown>, ctx),
    ...identifyingStrings('study', study as unknown as Record<string, unknown>, ctx),
    ...study.series.flatMap((s) => identifyingStrings('series', s as unknown as Record<string, unknown>, ctx)),
  ];
  const text = freeTextRedactor(secrets, { allDates: !ctx.include.includes('dates') });
  return {
    id: (id) => hashedRecordId(ctx.salt, id),
    text,
    time: (iso) => deidentifyTimestamp(iso, ctx),
    uid: (uid) => (ctx.include.includes('uids') ? uid : hashUid(ctx.salt, uid)),
  };
}
