import { buildExportModel, type ExportOptions } from '../export/exportModel';
import { hashUid, identifyingStrings } from '../export/deidentify';
import { freeTextRedactor } from '../export/freeTextRedaction';
import type { SessionFile } from '../export/sessionFile';
import { seededOrder, caseCodes } from './seededOrder';

/** A case as the reading export names it: de-identified, with its treatment arm joined. */
export interface ReadingCase {
  studyInstanceUID: string;
  /** The blinded case code the readers saw. */
  code: string;
  /** 1-based position in the seeded reading order. */
  order: number;
  /** The export's subject pseudonym and timepoint (the same as in the measurement CSVs). */
  subject: string;
  timepoint: string;
  /** Treatment arm from the randomisation list; '' when the subject is not on it (warned). */
  arm: string;
  /** De-identifies the case's free text (comments) as the export does ROI names. */
  redact: (text: string) => string;
}

/**
 * The cases of the sessions for the reading export: subject and timepoint from the same export
 * model as the measurement tables (so the tables join), case codes and order from the reading
 * seed, and arms joined here only, by subject. Warns for a subject missing from a non-empty
 * randomisation list.
 */
export function readingCases(sessions: readonly SessionFile[], options: ExportOptions, seed: string, arms: ReadonlyMap<string, string>): { cases: ReadingCase[]; warnings: string[] } {
  const model = buildExportModel(sessions, options);
  const where = new Map<string, { subject: string; timepoint: string }>();
  for (const s of model.subjects) for (const st of s.studies) where.set(st.attributes.StudyInstanceUID ?? '', { subject: s.subject, timepoint: st.timepoint });
  const uids = sessions.flatMap((s) => s.studies.map((st) => st.studyInstanceUID));
  const order = new Map(seededOrder(uids, seed).map((uid, i) => [uid, i + 1]));
  const codes = caseCodes(uids, seed);
  const warnings: string[] = [];
  const cases: ReadingCase[] = [];
  for (const session of sessions)
    for (const study of session.studies) {
      const hashed = options.include.includes('uids') ? study.studyInstanceUID : hashUid(options.salt, study.studyInstanceUID);
      const at = where.get(hashed) ?? { subject: '', timepoint: '' };
      const arm = arms.get(at.subject) ?? '';
      if (arms.size > 0 && arm === '' && !warnings.some((w) => w.includes(`${at.subject} `))) warnings.push(`subject ${at.subject} is not on the randomisation list: no arm joined`);
      const secrets = [
        ...identifyingStrings('patient', session.patient, options),
        ...identifyingStrings('study', study, options),
        ...study.series.flatMap((se) => identifyingStrings('series', se, options)),
      ];
      const redact = freeTextRedactor(secrets, { allDates: !options.include.includes('dates') });
      cases.push({ studyInstanceUID: study.studyInstanceUID, code: codes.get(study.studyInstanceUID)!, order: order.get(study.studyInstanceUID)!, subject: at.subject, timepoint: at.timepoint, arm, redact });
    }
  cases.sort((a, b) => a.order - b.order);
  return { cases, warnings };
}
