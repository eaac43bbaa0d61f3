import { describe, expect, it } from 'vitest';
import { recordSessions } from '../../../src/core/export/recordSessions';
import type { DicomIndex, SeriesEntry } from '../../../src/core/dicom/types';
import type { RoiStats } from '../../../src/core/measure/types';
import type { MapProvenance, StoredRoi } from '../../../src/core/store/records';
import { roiMeasured } from '../../../src/core/store/roiMeasured';

const fit = (fitId: string, fittedAt: string): MapProvenance => ({ fitId, estimator: 'wls', maskThreshold: 1, bValues: [0, 1000], appVersion: '0.1.0', fittedAt });
const stat = (map: string, mean: number, n = 10): RoiStats => ({ map, n, mean, sd: 1, median: mean, q1: mean, q3: mean, iqr: 0, min: mean, max: mean, areaMm2: n * 4 });

describe('roiMeasured: the record of an ROI’s statistics', () => {
  it('keeps each map with its native unit and the fit; a map without voxels (NaN) is left out', () => {
    const m = roiMeasured([stat('fa', 0.31), stat('md', 0.00042), { ...stat('b0', NaN, 0), sd: NaN }], fit('fit-1', '2024-03-01T10:00:00Z'), '2024-03-01T10:05:00Z');
    expect(m.stats.map((s) => s.map)).toEqual(['fa', 'md']);
    expect(m.units).toEqual({ fa: '1', md: 'mm^2/s' });
    expect(m.fit.fitId).toBe('fit-1');
    expect(m.measuredAt).toBe('2024-03-01T10:05:00Z');
  });
});

describe('recordSessions: sessions from the stored record only', () => {
  const series = { seriesInstanceUID: 'se', frameOfReferenceUID: null, description: 'DTI', bValues: [0, 1000] } as unknown as SeriesEntry;
  const index: DicomIndex = {
    patients: [{ patientId: 'P', patientName: 'P', birthDate: '', sex: '', studies: [{ studyInstanceUID: 'st', studyDate: '20240301', studyTime: '', description: '', accessionNumber: '', series: [series] }] }],
    skipped: [],
    fileCount: 0,
  } as unknown as DicomIndex;
  const key = { studyInstanceUID: 'st', seriesInstanceUID: 'se', frameOfReferenceUID: null };
  const stamps = { createdBy: 'Dr A', updatedBy: 'Dr A', createdAt: '2024-03-01T10:00:00Z', updatedAt: '2024-03-01T11:00:00Z' };
  const roi = (id: string) => ({ id, shape: 'ellipse' as const, role: 'other' as const, name: id, plane: { origin: [0, 0, 0] as [number, number, number], normal: [0, 0, 1] as [number, number, number] }, contour: [] });

  it('each ROI carries the statistics and fit it recorded; the series fit is the latest; unmeasured ROIs have no numbers', () => {
    const older: StoredRoi = { key, roi: roi('a'), measured: roiMeasured([stat('md', 0.0004)], fit('fit-old', '2024-03-01T09:00:00Z'), '2024-03-01T09:10:00Z'), ...stamps };
    const newer: StoredRoi = { key, roi: roi('b'), measured: roiMeasured([stat('md', 0.0007)], fit('fit-new', '2024-03-01T10:00:00Z'), '2024-03-01T10:10:00Z'), ...stamps };
    const bare: StoredRoi = { key, roi: roi('c'), measured: null, ...stamps };
    const [session] = recordSessions(index, {}, { rois: [older, newer, bare], measurements: [], segmentations: [] }, { appVersion: '0.1.0', savedAt: 'now', reader: 'nobody' });
    const st = session.studies[0];
    expect(st.rois.map((r) => [r.roi.id, r.fitId ?? null, r.stats.map((s) => s.mean), r.measuredAt])).toEqual([
      ['a', 'fit-old', [0.0004], '2024-03-01T09:10:00Z'],
      ['b', 'fit-new', [0.0007], '2024-03-01T10:10:00Z'],
      ['c', null, [], '2024-03-01T11:00:00Z'],
    ]);
    expect(st.series[0].fit).toMatchObject({ fitId: 'fit-new', estimator: 'wls', bValues: [0, 1000] });
    // Signed by the reader of the records, not whoever is at the workstation now.
    expect(st.trial.reader).toBe('Dr A');
  });
});
