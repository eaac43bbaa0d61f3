import type { StudyEntry } from './types';

/**
 * A patient's studies in the order they were acquired (Study Date, then Study Time; undated
 * studies last), as the study browser lists them and the first one opened is chosen: the index
 * keeps them in the order their files were met, which is no order a reader knows.
 */
export function studiesByDate(studies: readonly StudyEntry[]): StudyEntry[] {
  const key = (s: StudyEntry) => `${s.studyDate || '9'}${s.studyTime}`;
  return [...studies].sort((a, b) => key(a).localeCompare(key(b)));
}
