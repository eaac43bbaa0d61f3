import { describe, expect, it } from 'vitest';
import { csvWide } from '../../../src/core/export/csvWide';
import { buildExportModel, type ExportOptions } from '../../../src/core/export/exportModel';
import { longitudinalRows } from '../../../src/core/export/longitudinalRows';
import { comparableRoiName } from '../../../src/core/export/records';
import { readCsvObjects } from './readCsv';
import { roi, session, stats, study } from './sessionFixture';

const options: ExportOptions = { salt: 'k', dates: 'remove', include: [], units: 'trial', appVersion: '9.9.9', exportedAt: '2024-04-01T00:00:00.000Z' };

describe('ROI names carrying their timepoint ("Infarct core 24 h", "Infarct core day 14")', () => {
  it('comparableRoiName drops every " <timepoint>", and nothing else', () => {
    expect(comparableRoiName('Infarct core 24 h', '24 h')).toBe('Infarct core');
    expect(comparableRoiName('Infarct core 24 h/Infarct core 24 h (mirror)', '24 h')).toBe('Infarct core/Infarct core (mirror)');
    expect(comparableRoiName('Infarct core 24 h', 'day 14')).toBe('Infarct core 24 h');
    expect(comparableRoiName('Caudate', '')).toBe('Caudate');
  });

  it('pair across timepoints: one wide column per role × map × statistic, and a longitudinal row with the change', () => {
    const s = session('P1', [
      study('1.2.3.1', '20240301', [roi('a', 'infarct-core', 'Infarct core 24 h', [stats('md', 0.0004)])]),
      study('1.2.3.2', '20240314', [roi('b', 'infarct-core', 'Infarct core day 14', [stats('md', 0.0006)])]),
    ]);
    const model = buildExportModel([s], options);
    const wide = readCsvObjects(csvWide(model));
    expect(wide.map((r) => [r.timepoint, r.infarct_core_MD_mean])).toEqual([
      ['24 h', '400'],
      ['day 14', '600'],
    ]);
    const md = longitudinalRows(model).find((r) => r.map === 'MD' && r.statistic === 'mean')!;
    expect(md).toMatchObject({ roiName: 'Infarct core', baseline: 400, followUp: 600, change: 200, changePercent: 50 });
  });
});
