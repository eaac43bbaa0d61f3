import { describe, expect, it } from 'vitest';
import type { DicomIndex, SeriesEntry } from '../../../src/core/dicom/types';
import { buildExportFiles } from '../../../src/core/export/exportFiles';
import { recordSessions, type CaseRecord } from '../../../src/core/export/recordSessions';
import { parseSessionFile } from '../../../src/core/export/sessionFile';
import type { MapProvenance, MeasurementRecord } from '../../../src/core/store/records';
import { readCsv, readCsvObjects } from './readCsv';

/** One subject, one CT perfusion study (day 14) with its volumes saved: core 12.5, hypoperfused 40 mL at 30 % / 6 s. */
const index: DicomIndex = {
  patients: [
    {
      patientId: 'PID-7',
      patientName: 'ROE^ANN',
      birthDate: '19480101',
      sex: 'F',
      studies: [
        {
          studyInstanceUID: '1.2.9.1',
          studyDate: '20240315',
          studyTime: '0900',
          description: 'CT PERFUSION',
          accessionNumber: 'A9',
          series: [{ seriesInstanceUID: '1.2.9.1.1', frameOfReferenceUID: '1.2.9.1.9', description: 'CTP', bValues: [], frames: [] } as unknown as SeriesEntry],
        },
      ],
    },
  ],
  skipped: [],
  fileCount: 0,
};
const fit: MapProvenance = {
  fitId: 'perfusion-abc',
  estimator: 'osvd',
  maskThreshold: null,
  bValues: [],
  appVersion: '0.1.0',
  fittedAt: '2024-03-15T10:00:00.000Z',
  perfusion: {
    aif: { voxel: [20, 30, 4], lpsMm: [-10, 5, 40], automatic: true },
    vof: { voxel: [32, 60, 4], lpsMm: [2, 60, 40], automatic: false },
    constants: { hematocritFactor: 0.73, density: 1.04, oscillationIndex: 0.095 },
    method: 'oSVD',
    frameTimeSource: 'AcquisitionTime',
    slabs: [{ firstSlice: 0, endSlice: 8, baselineFrames: 4, patlakStartS: 30, partialVolumeScale: 1 }],
  },
};
const volumes = (coreMl: number, ratio: boolean): MeasurementRecord => ({
  id: 'perfusion-volumes:1.2.9.1.1',
  key: { studyInstanceUID: '1.2.9.1', seriesInstanceUID: '1.2.9.1.1', frameOfReferenceUID: '1.2.9.1.9' },
  name: 'Perfusion volumes',
  role: null,
  kind: 'perfusionVolumes',
  payload: {
    kind: 'perfusionVolumes',
    thresholds: { coreRelativeCbf: 0.3, hypoperfusedTmaxS: 6 },
    referenceSide: '-',
    referenceCbf: 51.25,
    midline: { origin: [1, 2, 3], normal: [1, 0, 0] },
    coreMl,
    hypoperfusedMl: 40,
    mismatchMl: 40 - coreMl,
    mismatchRatio: ratio ? 40 / coreMl : null,
    fit,
  },
  createdBy: 'R1',
  updatedBy: 'R2',
  createdAt: '2024-03-15T11:00:00.000Z',
  updatedAt: '2024-03-15T11:30:00.000Z',
});
const record = (m: MeasurementRecord): CaseRecord => ({ rois: [], measurements: [m], segmentations: [] });
const sessionsOf = (r: CaseRecord) => recordSessions(index, {}, r, { appVersion: '0.1.0', savedAt: '2024-04-01T00:00:00.000Z', reader: 'R1' });
const exportOf = (r: CaseRecord, units: 'trial' | 'si' = 'trial') =>
  buildExportFiles(sessionsOf(r), { salt: 'k', units, dates: 'remove', include: [], appVersion: '0.1.0', exportedAt: '2024-04-01T00:00:00.000Z' }, 'x').files;

describe('saved perfusion volumes in the session and the export', () => {
  it('the session carries them with thresholds, reference and fit, and the series fit is the perfusion fit; a saved session parses back identical', () => {
    const [session] = sessionsOf(record(volumes(12.5, true)));
    const [study] = session.studies;
    expect(study.perfusionVolumes).toEqual([
      {
        id: 'perfusion-volumes:1.2.9.1.1',
        name: 'Perfusion volumes',
        seriesInstanceUID: '1.2.9.1.1',
        thresholds: { coreRelativeCbf: 0.3, hypoperfusedTmaxS: 6 },
        referenceSide: '-',
        referenceCbf: 51.25,
        midline: { origin: [1, 2, 3], normal: [1, 0, 0] },
        coreMl: 12.5,
        hypoperfusedMl: 40,
        mismatchMl: 27.5,
        mismatchRatio: 3.2,
        fitId: 'perfusion-abc',
        measuredAt: '2024-03-15T11:30:00.000Z',
      },
    ]);
    expect(study.series[0].fit).toMatchObject({ fitId: 'perfusion-abc', estimator: 'osvd', perfusion: fit.perfusion });
    expect(parseSessionFile(JSON.parse(JSON.stringify(session)))).toEqual(session);
    // A study without saved volumes has no key at all, as sessions before them: such a file still parses.
    const [bare] = sessionsOf({ rois: [], measurements: [], segmentations: [] });
    expect('perfusionVolumes' in bare.studies[0]).toBe(false);
    expect(parseSessionFile(JSON.parse(JSON.stringify(bare))).studies[0].perfusionVolumes).toBeUndefined();
  });

  it('long CSV: core, hypoperfused, mismatch volumes (mL) and the mismatch ratio as rows of the subject × timepoint', () => {
    const [long, wide, , provenance] = exportOf(record(volumes(12.5, true)));
    const rows = readCsvObjects(long.text).filter((r) => r.roi_role === 'perfusion');
    expect(rows.map((r) => [r.roi_name, r.map, r.statistic, r.value, r.unit])).toEqual([
      ['core', 'volume', 'volume', '12.5', 'mL'],
      ['hypoperfused', 'volume', 'volume', '40', 'mL'],
      ['mismatch', 'volume', 'volume', '27.5', 'mL'],
      ['mismatch', 'volume', 'ratio', '3.2', '1'],
    ]);
    expect(new Set(rows.map((r) => `${r.subject}|${r.timepoint}`)).size).toBe(1);
    const [header, ...body] = readCsv(wide.text);
    const col = (name: string) => body[0][header.indexOf(name)];
    expect(header.slice(2)).toEqual(['perfusion_core_volume', 'perfusion_hypoperfused_volume', 'perfusion_mismatch_volume', 'perfusion_mismatch_ratio']);
    expect([col('perfusion_core_volume'), col('perfusion_hypoperfused_volume'), col('perfusion_mismatch_volume'), col('perfusion_mismatch_ratio')]).toEqual(['12.5', '40', '27.5', '3.2']);
    const doc = JSON.parse(provenance.text);
    const st = doc.subjects[0].studies[0];
    expect(st.perfusionVolumes[0]).toMatchObject({
      fitId: 'perfusion-abc',
      thresholds: { coreRelativeCbf: 0.3, hypoperfusedTmaxS: 6 },
      referenceSide: '-',
      referenceCbf: 51.25,
      coreMl: 12.5,
      hypoperfusedMl: 40,
      mismatchMl: 27.5,
      mismatchRatio: 3.2,
    });
    // The maps' AIF/VOF, constants and method are in the provenance of the series the volumes name.
    const series = st.series.find((s: { fit: { fitId: string } | null }) => s.fit?.fitId === 'perfusion-abc');
    expect(series.fit.perfusion).toMatchObject({ aif: fit.perfusion!.aif, vof: fit.perfusion!.vof, constants: fit.perfusion!.constants, method: 'oSVD' });
    expect(st.perfusionVolumes[0].series).toBe(series.attributes.SeriesInstanceUID);
    expect(doc.wideColumns).toContainEqual({ name: 'perfusion_mismatch_ratio', unit: '1' });
  });

  it('SI units convert the volumes (m³), never the ratio; no core: no ratio row, an empty ratio cell', () => {
    const si = readCsvObjects(exportOf(record(volumes(12.5, true)), 'si')[0].text).filter((r) => r.roi_role === 'perfusion');
    expect(si.map((r) => [r.roi_name, r.statistic, r.value, r.unit])).toEqual([
      ['core', 'volume', '0.0000125', 'm^3'],
      ['hypoperfused', 'volume', '0.00004', 'm^3'],
      ['mismatch', 'volume', '0.0000275', 'm^3'],
      ['mismatch', 'ratio', '3.2', '1'],
    ]);
    const [long] = exportOf(record(volumes(0, false)));
    expect(readCsvObjects(long.text).filter((r) => r.roi_role === 'perfusion').map((r) => [r.roi_name, r.statistic, r.value])).toEqual([
      ['core', 'volume', '0'],
      ['hypoperfused', 'volume', '40'],
      ['mismatch', 'volume', '40'],
    ]);
  });
});
