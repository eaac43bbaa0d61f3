import type { PatientEntry } from '../core/dicom/types';
import type { TrialStudyMeta } from '../core/trial/types';
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
    const timepoints = studyTimepoints(p, meta);
    for (const st of p.studies) {
      const se = st.series.find((x) => x.seriesInstanceUID === seriesUID);
      if (se) return { timepoint: timepoints.get(st.studyInstanceUID) ?? null, description: se.description, modality: se.modality };
    }
  }
  return null;
}

/**
 * The trial timepoint of each of a patient's studies, by StudyInstanceUID, as the export labels it:
 * typed in the trial data, else suggested ('24 h', 'day 14', 'day N'; null when undated).
 */
export function studyTimepoints(patient: PatientEntry, meta: Record<string, TrialStudyMeta>): Map<string, string | null> {
  const suggestions = patientTimepoints(patient);
  return new Map(
    patient.studies.map((st, i) => {
      const typed = studyMeta(meta, st.studyInstanceUID).timepoint.trim();
      return [st.studyInstanceUID, typed !== '' ? typed : suggestions[i].label];
    }),
  );
}

/** "24 h · DTI 30dir" (or without the timepoint when the study is undated and none was typed). */
export function seriesHeading(context: SeriesContext): string {
  return [context.timepoint, context.description || context.modality].filter((x) => x).join(' · ');
}
