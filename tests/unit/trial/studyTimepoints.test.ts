import { describe, expect, it } from 'vitest';
import type { PatientEntry, StudyEntry } from '../../../src/core/dicom/types';
import { studyTimepoints } from '../../../src/services/seriesContext';

const study = (uid: string, date: string) => ({ studyInstanceUID: uid, studyDate: date, studyTime: '', description: '', accessionNumber: '', series: [] }) as StudyEntry;
const patient = (studies: StudyEntry[]) => ({ patientId: 'P', patientName: '', studies }) as unknown as PatientEntry;

describe('studyTimepoints (the study browser and the export label a study alike)', () => {
  it('suggests from calendar days since the first study, across a leap day; undated gets none', () => {
    const labels = studyTimepoints(patient([study('b', '20240305'), study('a', '20240227'), study('c', '')]), {});
    expect(labels.get('a')).toBe('24 h');
    expect(labels.get('b')).toBe('day 7'); // 27 Feb → 5 Mar 2024 crosses 29 Feb: 7 days, 6 without it
    expect(labels.get('c')).toBeNull();
  });
  it('a timepoint typed in the trial data wins over the suggestion', () => {
    const meta = { b: { subjectId: '', timepoint: ' day 14 ', site: '', reader: '' } };
    expect(studyTimepoints(patient([study('a', '20240227'), study('b', '20240305')]), meta).get('b')).toBe('day 14');
  });
});
