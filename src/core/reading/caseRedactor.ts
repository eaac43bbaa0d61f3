import type { PatientEntry, StudyEntry } from '../dicom/types';
import { identifyingStrings } from '../export/deidentify';
import { freeTextRedactor } from '../export/freeTextRedaction';

const NO_OPT_IN = { salt: '', dates: 'remove' as const, include: [] };

/** Index entries as the profile reads them: by field name. */
const fields = (entry: object) => entry as Readonly<Record<string, unknown>>;

/**
 * Redacts a case's identifiers (patient, study and series values of the Basic Profile), every
 * date, and the `hidden` strings (e.g. its timepoint labels) from a reader's free text, for
 * showing one reader's comment to another (the adjudicator) while blinded: a reader may have typed
 * what blinding hides.
 */
export function caseRedactor(patient: PatientEntry, study: StudyEntry, hidden: readonly string[] = []): (text: string) => string {
  const secrets = [
    ...identifyingStrings('patient', fields(patient), NO_OPT_IN),
    ...identifyingStrings('study', fields(study), NO_OPT_IN),
    ...study.series.flatMap((se) => identifyingStrings('series', fields(se), NO_OPT_IN)),
    ...hidden,
  ];
  return freeTextRedactor(secrets, { allDates: true });
}
