import { describe, expect, it } from 'vitest';
import { csvLong } from '../../../src/core/export/csvLong';
import { csvWide } from '../../../src/core/export/csvWide';
import { buildExportFiles } from '../../../src/core/export/exportFiles';
import { buildExportModel, type ExportOptions } from '../../../src/core/export/exportModel';
import { mapUnit } from '../../../src/core/export/exportUnits';
import { csvLongitudinal, longitudinalRows } from '../../../src/core/export/longitudinal';
import { exportRecords } from '../../../src/core/export/records';
import { readCsv, readCsvObjects } from './readCsv';
import { roi, session, stats, study, twoVisitSession } from './sessionFixture';

const options: ExportOptions = {
  salt: 'unit-test-salt',
  dates: 'remove',
  include: [],
  units: 'trial',
  appVersion: '9.9.9',
  exportedAt: '2024-04-01T00:00:00.000Z',
};

describe('unit conversion', () => {
  it('trial units: MD 0.0007 mm²/s → 700 ×10⁻⁶ mm²/s, FA 0.45 → 4500 ×10⁻⁴', () => {
    expect(mapUnit('md', 'trial').convert(0.0007)).toBe(700);
    expect(mapUnit('MD', 'trial').unit).toBe('10^-6 mm^2/s');
    expect(mapUnit('rd', 'trial').convert(0.00081)).toBe(810);
    expect(mapUnit('fa', 'trial').convert(0.45)).toBe(4500);
    expect(mapUnit('fa', 'trial').unit).toBe('10^-4');
  });
  it('SI: MD 0.0007 mm²/s → 7e-10 m²/s, FA stays a fraction', () => {
    expect(mapUnit('md', 'si').convert(0.0007)).toBe(7e-10);
    expect(mapUnit('md', 'si').unit).toBe('m^2/s');
    expect(mapUnit('fa', 'si').convert(0.45)).toBe(0.45);
  });
});

describe('records', () => {
  const model = buildExportModel([twoVisitSession()], options);

  it('orders studies by time with suggested timepoints, converts every statistic, pairs mirrored ROIs', () => {
    expect(model.subjects).toHaveLength(1);
    expect(model.subjects[0].studies.map((s) => [s.timepoint, s.daysSinceFirst])).toEqual([
      ['24 h', 0],
      ['day 14', 14],
    ]);
    const { measurements, ratios, lesions } = exportRecords(model);
    const coreMd = measurements.find((m) => m.timepoint === '24 h' && m.roiRole === 'infarct-core' && m.map === 'MD')!;
    expect(coreMd).toMatchObject({ mean: 700, sd: 70, median: 686, iqr: 140, n: 120, area: 96, unit: '10^-6 mm^2/s', volume: null });
    // Maps in trial order (FA before MD) whatever the session's order.
    expect(measurements.filter((m) => m.timepoint === '24 h' && m.roiRole === 'infarct-core').map((m) => m.map)).toEqual(['FA', 'MD']);
    expect(ratios.filter((r) => r.timepoint === '24 h').map((r) => [r.map, r.ratio])).toEqual([
      ['FA', 0.9],
      ['MD', Number((0.0007 / 0.00081).toPrecision(12))],
    ]);
    // ABC/2: 40 × 30 × 20 / 2 mm³ = 12 mL.
    expect(lesions.map((l) => [l.timepoint, l.abc2Volume, l.planimetricVolume, l.unit])).toEqual([
      ['24 h', 12, 11.5, 'mL'],
      ['day 14', 13.5, 14, 'mL'],
    ]);
  });

  it('long CSV parses back to the exact values, one value per row', () => {
    const rows = readCsvObjects(csvLong(model));
    expect(Object.keys(rows[0])).toEqual(['subject', 'timepoint', 'roi_role', 'roi_name', 'map', 'statistic', 'value', 'unit']);
    const { measurements } = exportRecords(model);
    for (const m of measurements) {
      for (const [stat, value] of [['mean', m.mean], ['sd', m.sd], ['median', m.median], ['iqr', m.iqr], ['n', m.n], ['area', m.area]] as const) {
        const hit = rows.filter((r) => r.subject === m.subject && r.timepoint === m.timepoint && r.roi_role === m.roiRole && r.map === m.map && r.statistic === stat);
        expect(hit).toHaveLength(1);
        expect(Number(hit[0].value)).toBe(value);
      }
    }
    const abc = rows.find((r) => r.roi_role === 'lesion' && r.timepoint === 'day 14' && r.statistic === 'abc2')!;
    expect([abc.value, abc.unit]).toEqual(['13.5', 'mL']);
    // 6 statistics × 2 maps × 2 ROIs + 2 ratios + 2 lesion volumes, per study.
    expect(rows).toHaveLength(2 * (6 * 2 * 2 + 2 + 2));
  });

  it('wide CSV: one row per subject × timepoint, fixed named columns, exact values', () => {
    const table = readCsv(csvWide(model));
    const header = table[0];
    expect(header.slice(0, 4)).toEqual(['subject', 'timepoint', 'infarct_core_FA_mean', 'infarct_core_FA_sd']);
    expect(header).toContain('infarct_core_MD_mean');
    expect(header).toContain('contralateral_mirror_MD_median');
    expect(header).toContain('ipsi_contra_FA_mean_ratio');
    expect(header.slice(-2)).toEqual(['lesion_abc2', 'lesion_planimetric']);
    const rows = readCsvObjects(csvWide(model));
    expect(rows.map((r) => r.timepoint)).toEqual(['24 h', 'day 14']);
    expect(rows.map((r) => Number(r.infarct_core_MD_mean))).toEqual([700, 910]);
    expect(rows.map((r) => Number(r.infarct_core_FA_mean))).toEqual([4500, 3600]);
    expect(rows.map((r) => r.lesion_abc2)).toEqual(['12', '13.5']);
  });

  it('quotes names with commas, quotes and line breaks (RFC 4180) and reads them back', () => {
    const name = 'core, "left"\r\nMCA';
    const s = session('PID-1', [study('1.2.3.4', '20240101', [roi('a', 'other', name, [stats('fa', 0.3)])])]);
    const text = csvLong(buildExportModel([s], options));
    expect(text).toContain('"core, ""left""\r\nMCA"');
    expect(readCsvObjects(text)[0].roi_name).toBe(name);
  });

  it('disambiguates wide columns by ROI name when one role has several names', () => {
    const s = session('PID-2', [
      study('1.2.3.5', '20240101', [roi('a', 'other', 'caudate', [stats('fa', 0.3)]), roi('b', 'other', 'thalamus', [stats('fa', 0.35)])]),
    ]);
    const row = readCsvObjects(csvWide(buildExportModel([s], options)))[0];
    expect([row.other_caudate_FA_mean, row.other_thalamus_FA_mean]).toEqual(['3000', '3500']);
  });

  it('longitudinal: 24 h vs day 14 with absolute and % change', () => {
    const rows = longitudinalRows(model);
    const md = rows.find((r) => r.roiRole === 'infarct-core' && r.map === 'MD' && r.statistic === 'mean')!;
    expect(md).toMatchObject({ baseline: 700, followUp: 910, change: 210, changePercent: 30, unit: '10^-6 mm^2/s' });
    const abc = rows.find((r) => r.statistic === 'abc2')!;
    expect(abc).toMatchObject({ baseline: 12, followUp: 13.5, change: 1.5, changePercent: 12.5 });
    const csv = readCsvObjects(csvLongitudinal(model));
    expect(csv.find((r) => r.roi_role === 'infarct-core' && r.map === 'FA' && r.statistic === 'mean')).toMatchObject({
      baseline: '4500',
      follow_up: '3600',
      change: '-900',
      change_percent: '-20',
    });
  });

  it('is deterministic: two runs, and sessions given in another order, give identical bytes', () => {
    const other = session('PID-7', [study('1.2.3.9', '20240105', [roi('z', 'infarct-core', 'core', [stats('md', 0.0006)])])], 'ROE^RICHARD');
    const a = buildExportFiles([twoVisitSession(), other], options).files;
    const b = buildExportFiles([other, twoVisitSession()], options).files;
    expect(a.map((f) => f.name)).toEqual(['dti_export_long.csv', 'dti_export_wide.csv', 'dti_export_longitudinal.csv', 'dti_export_provenance.json']);
    expect(b).toEqual(a);
  });

  it('provenance JSON carries estimator, b-values, mask threshold, geometry, reader and app version', () => {
    const files = buildExportFiles([twoVisitSession()], options).files;
    const doc = JSON.parse(files[3].text);
    expect(doc.appVersion).toBe('9.9.9');
    expect(doc.exportedAt).toBe('2024-04-01T00:00:00.000Z');
    const st = doc.subjects[0].studies[0];
    expect(st.reader).toBe('R1');
    expect(st.series[0].fit).toEqual({ fitId: null, estimator: 'wls', bValues: [0, 1000], maskThreshold: 1, fittedAt: null, appVersion: null });
    expect(st.rois[0].contour[1]).toEqual([0, 8, 12.5]);
    expect(st.rois[0].stats.find((x: { map: string }) => x.map === 'md').mean).toBe(0.0007);
    expect(st.rois[1].mirrorOf).toBe(st.rois[0].id);
    expect(doc.wideColumns.find((c: { name: string }) => c.name === 'infarct_core_MD_mean').unit).toBe('10^-6 mm^2/s');
  });
});
