import { useStudyStore } from '../state/studyStore';
import { patientTimepoints, studyMeta, useTrialStore } from '../state/trialStore';

/**
 * Where a series belongs in the trial, for headings and default names: its study's timepoint
 * (typed in the trial data, else suggested from days since the subject's first study) and its
 * description. Read from the open index and the trial data, never stored.
 */
export interface SeriesContext {
  timepoint: string | null;
  description: string;
  modality: string;
}

export function seriesContext(seriesUID: string | null): SeriesContext | null {
  const index = useStudyStore.getState().index;
  if (!index || !seriesUID) return null;
  const meta = useTrialStore.getState().meta;
  for (const p of index.patients) {
    const suggestions = patientTimepoints(p);
    for (const [i, st] of p.studies.entries()) {
      const se = st.series.find((x) => x.seriesInstanceUID === seriesUID);
      if (!se) continue;
      const typed = studyMeta(meta, st.studyInstanceUID).timepoint.trim();
      return { timepoint: typed !== '' ? typed : suggestions[i].label, description: se.description, modality: se.modality };
    }
  }
  return null;
}

/** "24 h · DTI 30dir" (or without the timepoint when the study is undated and none was typed). */
export function seriesHeading(context: SeriesContext): string {
  return [context.timepoint, context.description || context.modality].filter((x) => x).join(' · ');
}
