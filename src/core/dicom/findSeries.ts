import type { DicomIndex, SeriesEntry } from './types';

/** The series with this Series Instance UID in `index`, if any. */
export function findSeries(index: DicomIndex | null, seriesUID: string | null): SeriesEntry | null {
  if (!index || !seriesUID) return null;
  for (const p of index.patients)
    for (const st of p.studies) for (const se of st.series) if (se.seriesInstanceUID === seriesUID) return se;
  return null;
}
