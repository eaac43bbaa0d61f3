import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listFolder } from '../../../src/cli/nodeFileSource';
import { planimetricVolume } from '../../../src/core/abc2/planimetricVolume';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import type { DicomIndex } from '../../../src/core/dicom/types';
import type { CaseRecord } from '../../../src/core/export/recordSessions';
import type { RoiStats } from '../../../src/core/measure/types';
import { sourceSeries } from '../../../src/core/dicomOut/sourceSeries';
import type { FitMaps } from '../../../src/core/dicomOut/studyObjects';
import { roiMask } from '../../../src/core/nifti/roiMask';
import { ellipseRoi } from '../../../src/core/roi/ellipseRoi';
import { freehandRoi } from '../../../src/core/roi/freehandRoi';
import { voxelToLps } from '../../../src/core/roi/voxelAffine';
import type { MapProvenance, StoredRoi } from '../../../src/core/store/records';
import { writeSyntheticDtiStudy } from '../../fixtures/syntheticStudy';

/** A small synthetic DTI study (32×32×8, 2 mm, 6 directions) written and indexed. */
export async function smallDtiStudy(): Promise<{ dir: string; index: DicomIndex }> {
  const dir = mkdtempSync(join(tmpdir(), 'dicomout-study-'));
  writeSyntheticDtiStudy(dir, { dims: [32, 32, 8], voxelMm: 2, b0Count: 1, directionCount: 6, headCentreLPS: [0, 0, 0], uidSeed: 'dicomout' });
  const index = await indexFiles(await listFolder(dir));
  return { dir, index };
}

/** Statistics with full-precision doubles (as ROI statistics are), distinct per field. */
function stats(map: string, mean: number, n: number, voxelAreaMm2: number): RoiStats {
  const f = (x: number) => x * (1 + 1 / 3e3);
  return { map, n, mean: f(mean), sd: f(mean / 7), median: f(mean * 0.97), q1: f(mean * 0.9), q3: f(mean * 1.1), iqr: f(mean * 0.2), min: f(mean / 2), max: f(mean * 2.1), areaMm2: n * voxelAreaMm2 };
}

const STAMPS = { createdBy: 'Reader One', updatedBy: 'Reader One', createdAt: '2024-03-12T10:00:00.000Z', updatedAt: '2024-03-12T10:05:00.000Z' };

/**
 * The case record of one reader on the small study: an ellipse infarct core and its mirror
 * (measured on FA, MD, AD, RD of fit 'fit-1'), a never-measured freehand ROI, an ABC/2 with a
 * planimetric volume, a line, a bidirectional, a probe, and a brush lesion segmentation on the series' grid; and fit 'fit-1'
 * maps (FA, MD, AD, RD) to write as parametric maps.
 */
export function caseRecordOf(index: DicomIndex): { record: CaseRecord; fits: FitMaps[] } {
  const study = index.patients[0].studies[0];
  const entry = study.series[0];
  const series = sourceSeries(entry);
  const key = { studyInstanceUID: study.studyInstanceUID, seriesInstanceUID: entry.seriesInstanceUID, frameOfReferenceUID: entry.frameOfReferenceUID };
  const at = (i: number, j: number, k: number) => voxelToLps(series.affine, i, j, k);
  const fit: MapProvenance = { fitId: 'fit-1', estimator: 'wls', maskThreshold: 1, bValues: [0, 1000], appVersion: '0.1.0', fittedAt: '2024-03-12T09:58:00.123Z' };
  const measured = (fa: number, md: number, n: number) => ({
    stats: [stats('fa', fa, n, 4), stats('md', md, n, 4), stats('ad', md * 1.3, n, 4), stats('rd', md * 0.85, n, 4)],
    units: { fa: '1', md: 'mm^2/s', ad: 'mm^2/s', rd: 'mm^2/s' },
    fit,
    measuredAt: '2024-03-12T10:05:00.000Z',
  });
  const core = ellipseRoi({ id: 'roi-core', role: 'infarct-core', name: 'Infarct core 24 h' }, at(10.3, 14.7, 4), [7.1, 0.4, 0], [-0.3, 5.2, 0]);
  const mirror = { ...ellipseRoi({ id: 'roi-mirror', role: 'contralateral-mirror', name: 'Infarct core 24 h mirror' }, at(21.6, 14.7, 4), [7.1, -0.4, 0], [0.3, 5.2, 0]), mirrorOf: 'roi-core' };
  const c = at(16, 8, 3);
  const free = freehandRoi({ id: 'roi-free', role: 'other', name: 'Freehand' }, [c, [c[0] + 6.2, c[1], c[2]], [c[0] + 3.1, c[1] + 5.3, c[2]]]);
  const n = (r: typeof core) => roiMask(r, series).reduce((s, v) => s + v, 0);
  const rois: StoredRoi[] = [
    { key, roi: core, measured: measured(0.31234567891234, 0.000612345678912345, n(core)), ...STAMPS },
    { key, roi: mirror, measured: measured(0.45123456789, 0.000801234567891, n(mirror)), ...STAMPS },
    { key, roi: free, measured: null, ...STAMPS },
  ];
  const [nx, ny, nz] = series.dims;
  const labels = new Uint8Array(nx * ny * nz);
  for (let k = 3; k <= 5; k++) for (let j = 12; j < 18; j++) for (let i = 6; i < 13; i++) labels[(k * ny + j) * nx + i] = 1;
  const voxels = labels.reduce((s, v) => s + v, 0);
  const record: CaseRecord = {
    rois,
    measurements: [
      {
        id: 'abc2-1',
        key,
        name: 'ABC/2 24 h',
        role: 'infarct-core',
        kind: 'abc2',
        payload: { kind: 'abc2', aMm: 41.23456789, bMm: 28.7654321, cMm: 18, volumeMl: (41.23456789 * 28.7654321 * 18) / 2 / 1000, modality: 'MR', cMethod: 'slices', slices: { first: { index: 2, locationMm: -6 }, last: { index: 7, locationMm: 12 }, spacingMm: 2 }, planimetricMl: 0.504, segmentation: 'brush' },
        ...STAMPS,
      },
      { id: 'line-1', key, name: 'Midline shift', role: null, kind: 'length', payload: { kind: 'length', points: [at(3.2, 4.1, 2), at(20.7, 9.3, 2)], lengthMm: 36.51234567891 }, ...STAMPS },
      {
        id: 'bi-1',
        key,
        name: 'Lesion diameters',
        role: 'infarct-core',
        kind: 'bidirectional',
        payload: { kind: 'bidirectional', long: [at(6, 14, 4), at(12.7, 15, 4)], short: [at(9, 12.1, 4), at(9.4, 17.9, 4)], longMm: 13.4567891234, shortMm: 11.6012345678 },
        ...STAMPS,
      },
      { id: 'probe-1', key, name: 'Probe', role: null, kind: 'probe', payload: { kind: 'probe', point: at(16.5, 16.5, 4), values: { fa: 0.41234567891234, md: 0.000712345678912345 } }, ...STAMPS },
    ],
    segmentations: [{ record: { id: 'seg-1', key, name: 'Lesion (brush)', role: 'infarct-core', dims: series.dims, affine: series.affine, labels, voxels, ...STAMPS }, planimetricMl: planimetricVolume(labels, series.dims, series.affine) }],
  };
  const map = (f: (i: number, j: number, k: number) => number) => {
    const out = new Float32Array(nx * ny * nz);
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) out[(k * ny + j) * nx + i] = f(i, j, k);
    return out;
  };
  const fits: FitMaps[] = [
    {
      seriesInstanceUID: entry.seriesInstanceUID,
      fitId: 'fit-1',
      maps: {
        fa: map((i, j) => 0.2 + 0.01 * ((i + j) % 50)),
        md: map((i, j, k) => 0.0007 + 1e-6 * (i - j + k)),
        ad: map((i) => 0.0011 + 1e-6 * i),
        rd: map((_, j) => 0.0005 + 1e-6 * j),
      },
    },
  ];
  return { record, fits };
}
