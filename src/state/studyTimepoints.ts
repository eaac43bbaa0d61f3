import type { StudyEntry } from '../core/dicom/types';

/** Days since 1970 of a DICOM DA value (YYYYMMDD), null when absent or malformed. */
function dayNumber(da: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da.trim());
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(ms) ? null : Math.round(ms / 86_400_000);
}

/**
 * Trial timepoint labels for one patient's studies: "Day N" counted in calendar days from the
 * patient's earliest dated study (so baseline is "Day 0"). Only given when the patient has two or
 * more studies; undated studies get null. Keyed by StudyInstanceUID.
 */
export function studyTimepoints(studies: StudyEntry[]): Map<string, string | null> {
  const labels = new Map<string, string | null>();
  const days = studies.map((s) => dayNumber(s.studyDate));
  const dated = days.filter((d): d is number => d !== null);
  const first = dated.length > 0 ? Math.min(...dated) : null;
  studies.forEach((s, i) => {
    const d = days[i];
    labels.set(s.studyInstanceUID, studies.length > 1 && d !== null && first !== null ? `Day ${d - first}` : null);
  });
  return labels;
}
