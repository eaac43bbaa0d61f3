import { describe, expect, it } from 'vitest';
import { studiesByDate } from '../../../src/core/dicom/studiesByDate';
import type { StudyEntry } from '../../../src/core/dicom/types';

const study = (uid: string, studyDate: string, studyTime: string) => ({ studyInstanceUID: uid, studyDate, studyTime }) as StudyEntry;

describe('studiesByDate', () => {
  it('orders by date, then time, undated last, without changing the input', () => {
    const input = [study('undated', '', ''), study('day14', '20240315', '101500'), study('24h-late', '20240302', '180000'), study('24h', '20240302', '090000')];
    expect(studiesByDate(input).map((s) => s.studyInstanceUID)).toEqual(['24h', '24h-late', 'day14', 'undated']);
    expect(input[0].studyInstanceUID).toBe('undated');
  });
});
