import { useMemo } from 'react';
import { caseCodes } from '../core/reading/seededOrder';
import { useReadingStore } from '../state/readingStore';
import { useStudyStore } from '../state/studyStore';

/** The blinded case code of every open study (what blinded reading shows instead of identity), by StudyInstanceUID. */
export function useCaseCodes(): Map<string, string> {
  const index = useStudyStore((s) => s.index);
  const seed = useReadingStore((s) => s.seed);
  return useMemo(() => caseCodes(index ? index.patients.flatMap((p) => p.studies.map((st) => st.studyInstanceUID)) : [], seed), [index, seed]);
}
