import { dicomDateToDay } from './dicomDate';

/** A study as the timepoint rule needs it: its UID and DICOM StudyDate (YYYYMMDD or ''). */
export interface DatedStudy {
  studyInstanceUID: string;
  studyDate: string;
}

/** Suggested trial timepoint of one study; the user may edit the label. */
export interface TimepointSuggestion {
  studyInstanceUID: string;
  /** Calendar days since the subject's first dated study; null when this study is undated. */
  daysSinceFirst: number | null;
  /** '24 h', 'day 14' or 'day N'; null when undated (the reader must type one). */
  label: string | null;
}

/**
 * Trial visit label for a day offset. The windows follow the usual stroke-trial visit
 * tolerances: the acute scan is labelled '24 h' up to day 2 (baseline and 24 h scans are
 * often a day apart), and the follow-up window for 'day 14' is day 10–18.
 */
export function timepointLabelForDay(days: number): string {
  if (days >= 0 && days <= 2) return '24 h';
  if (days >= 10 && days <= 18) return 'day 14';
  return `day ${days}`;
}

/**
 * Suggested timepoints for ONE subject's studies, in input order. Days count whole calendar
 * days from the subject's earliest dated study (StudyDate only; StudyTime is ignored so a
 * scan just after midnight stays in the same visit window).
 */
export function suggestTimepoints(studies: readonly DatedStudy[]): TimepointSuggestion[] {
  const days = studies.map((s) => dicomDateToDay(s.studyDate));
  const dated = days.filter((d): d is number => d !== null);
  const first = dated.length > 0 ? Math.min(...dated) : null;
  return studies.map((s, i) => {
    const d = days[i];
    const since = d !== null && first !== null ? d - first : null;
    return { studyInstanceUID: s.studyInstanceUID, daysSinceFirst: since, label: since === null ? null : timepointLabelForDay(since) };
  });
}
