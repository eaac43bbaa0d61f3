import { afterEach, describe, expect, it } from 'vitest';
import type { DicomIndex, SeriesEntry } from '../../../src/core/dicom/types';
import type { DtiResult } from '../../../src/state/dtiStore';
import type { MeasurementKey, PlanarRoi, RoiStats } from '../../../src/core/measure/types';
import { startTrialFeed } from '../../../src/services/trialFeed';
import { useDtiStore } from '../../../src/state/dtiStore';
import { EMPTY_ABC2, useRoiStore, type RoiRow } from '../../../src/state/roiStore';
import { buildSessions, exportFiles, measurementRows, useTrialStore } from '../../../src/state/trialStore';
import { readCsvObjects as records } from '../export/readCsv';

/**
 * The trial feed: what the measurement service puts in useRoiStore reaches the trial store, the
 * measurement table rows and the exported CSVs with the same numbers (converted to trial units).
 */

const STUDY = '1.2.840.99.1';
const SERIES = '1.2.840.99.1.7';
const KEY: MeasurementKey = { studyInstanceUID: STUDY, seriesInstanceUID: SERIES, frameOfReferenceUID: '1.2.840.99.1.9' };

function index(): DicomIndex {
  const series = { seriesInstanceUID: SERIES, frameOfReferenceUID: KEY.frameOfReferenceUID, description: 'DTI', bValues: [0, 1000], frames: [] } as unknown as SeriesEntry;
  return {
    patients: [{ patientId: 'PID-SENTINEL', patientName: 'SENTINEL^NAME', birthDate: '19500101', sex: 'F', studies: [{ studyInstanceUID: STUDY, studyDate: '20240301', studyTime: '', description: 'MRI', accessionNumber: 'ACC-SENTINEL', series: [series] }] }],
    skipped: [],
    fileCount: 0,
  };
}

function stat(map: string, mean: number, n: number): RoiStats {
  return { map, n, mean, sd: mean / 8, median: mean * 0.99, q1: mean * 0.9, q3: mean * 1.1, iqr: mean * 0.2, min: mean / 2, max: mean * 2, areaMm2: n * 4 };
}

function roi(id: string, name: string, role: PlanarRoi['role'], mirrorOf?: string): PlanarRoi {
  return {
    id,
    shape: 'ellipse',
    role,
    name,
    plane: { origin: [0, 0, 10], normal: [0, 0, 1] },
    contour: [
      [20, 0, 10],
      [14, 6, 10],
      [8, 0, 10],
      [14, -6, 10],
    ],
    ...(mirrorOf ? { mirrorOf } : {}),
  };
}

const core: RoiRow = { roi: roi('c1', 'Infarct core', 'infarct-core'), key: KEY, stats: [stat('fa', 0.3, 12), stat('md', 0.00042, 12)] };
const mirror: RoiRow = { roi: roi('m1', 'Infarct core mirror', 'contralateral-mirror', 'c1'), key: KEY, stats: [stat('fa', 0.45, 13), stat('md', 0.0007, 13)] };

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  useRoiStore.setState({ rois: [], measurements: [], abc2: EMPTY_ABC2 });
  useTrialStore.setState({ rois: {}, lesions: {}, fits: {}, salt: '' });
});

describe('trial feed', () => {
  it('hands every ROI row, with its stats and mirror link, to the trial store per study, and empties a study when its ROIs go', () => {
    stop = startTrialFeed();
    useRoiStore.getState().set({ rois: [core, mirror] });
    const fed = useTrialStore.getState().rois[STUDY];
    expect(fed.map((r) => [r.roi.id, r.roi.name, r.roi.mirrorOf, r.seriesInstanceUID])).toEqual([
      ['c1', 'Infarct core', undefined, SERIES],
      ['m1', 'Infarct core mirror', 'c1', SERIES],
    ]);
    expect(fed[1].stats).toBe(mirror.stats);
    // The edit time stays while the row object is the same, changes when the row changes.
    const at = fed[0].measuredAt;
    useRoiStore.getState().set({ rois: [core, mirror], message: 'x' });
    expect(useTrialStore.getState().rois[STUDY][0].measuredAt).toBe(at);
    useRoiStore.getState().set({ rois: [] });
    expect(useTrialStore.getState().rois[STUDY]).toEqual([]);
  });

  it('feeds ABC/2 lesions with the planimetric volume of the same series, and the fit provenance as started', () => {
    stop = startTrialFeed();
    useRoiStore.getState().set({
      measurements: [{ id: 'abc', key: KEY, name: 'ABC/2', role: 'infarct-core', payload: { kind: 'abc2', aMm: 30, bMm: 20, cMm: 10, volumeMl: 3 } }],
      abc2: { ...EMPTY_ABC2, key: KEY, segmentation: { source: 'brush', thresholdMd: null, voxels: 400, planimetricMl: 3.2, kothariCMm: 9 } },
    });
    expect(useTrialStore.getState().lesions[STUDY]).toMatchObject([{ id: 'abc', abcMm: [30, 20, 10], planimetricMl: 3.2, seriesInstanceUID: SERIES }]);

    useDtiStore.setState({ status: 'running', estimator: 'iwls', maskThreshold: 0.8 });
    // The reader moves the slider while the fit runs: the record keeps the threshold it ran with.
    useDtiStore.setState({ maskThreshold: 1.4 });
    const result = { generation: 77, seriesUID: SERIES, estimator: 'iwls' } as unknown as DtiResult;
    useDtiStore.setState({ status: 'done', result });
    expect(useTrialStore.getState().fits[SERIES]).toMatchObject({ estimator: 'iwls', maskThreshold: 0.8 });
    const sessions = buildSessions(index(), useTrialStore.getState(), '2024-03-02T00:00:00.000Z');
    expect(sessions[0].studies[0].series[0].fit).toMatchObject({ estimator: 'iwls', maskThreshold: 0.8, bValues: [0, 1000] });
    useDtiStore.setState({ status: 'idle', result: null });
  });

  it('the measurement table rows and the long/wide CSVs carry the ROI stats in trial units, with no identifier', async () => {
    stop = startTrialFeed();
    useRoiStore.getState().set({ rois: [core, mirror] });
    useTrialStore.getState().setSalt('feed-key');
    const rows = measurementRows(index(), useTrialStore.getState());
    expect(rows.map((r) => [r.roiName, r.map, r.mean, r.n, r.unit])).toEqual([
      ['Infarct core', 'FA', 3000, 12, '10^-4'],
      ['Infarct core', 'MD', 420, 12, '10^-6 mm^2/s'],
      ['Infarct core mirror', 'FA', 4500, 13, '10^-4'],
      ['Infarct core mirror', 'MD', 700, 13, '10^-6 mm^2/s'],
    ]);
    const { files } = await exportFiles(index(), useTrialStore.getState(), new Date('2024-03-05T00:00:00Z'));
    const long = records(files.find((f) => f.name.endsWith('_long.csv'))!.text);
    const value = (name: string, map: string, statistic: string) => long.find((r) => r.roi_name === name && r.map === map && r.statistic === statistic)?.value;
    expect(value('Infarct core', 'MD', 'mean')).toBe('420');
    expect(value('Infarct core mirror', 'FA', 'n')).toBe('13');
    expect(value('Infarct core/Infarct core mirror', 'MD', 'mean_ratio')).toBe('0.6');
    const wide = records(files.find((f) => f.name.endsWith('_wide.csv'))!.text);
    expect(wide).toHaveLength(1);
    expect(wide[0].infarct_core_MD_mean).toBe('420');
    expect(wide[0].contralateral_mirror_FA_mean).toBe('4500');
    for (const f of files) expect(f.text).not.toMatch(/SENTINEL/);
  });
});
