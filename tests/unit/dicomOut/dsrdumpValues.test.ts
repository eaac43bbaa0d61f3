import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DicomIndex } from '../../../src/core/dicom/types';
import { decimalString } from '../../../src/core/dicomOut/decimalString';
import { resultObjects } from '../../../src/core/dicomOut/resultObjects';
import { ucumCode } from '../../../src/core/dicomOut/ucum';
import { buildExportFiles } from '../../../src/core/export/exportFiles';
import { buildExportModel, type ExportOptions } from '../../../src/core/export/exportModel';
import type { ExportUnitSystem } from '../../../src/core/export/exportUnits';
import { recordSessions } from '../../../src/core/export/recordSessions';
import { readCsvObjects } from '../export/readCsv';
import { dsrdump, hasTool } from './dicomTools';
import { caseRecordOf, smallDtiStudy } from './resultFixture';

let dir = '';
let index: DicomIndex;
beforeAll(async () => {
  ({ dir, index } = await smallDtiStudy());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MAP_BY_MEANING: Record<string, string> = { 'Fractional Anisotropy': 'FA', 'Apparent Diffusion Coefficient': 'MD', 'AD map': 'AD', 'RD map': 'RD' };
const STAT_BY_MEANING: Record<string, string> = { Mean: 'mean', 'Standard Deviation': 'sd', Median: 'median', 'Interquartile range': 'iqr', 'Ipsilateral to contralateral mean ratio': 'mean_ratio' };

interface Printed {
  group: string;
  map: string;
  statistic: string;
  text: string;
  unit: string;
}

/** The measurements dsrdump prints, as (group tracking identifier, map, statistic, value text, UCUM unit). */
function printedMeasurements(dump: string): Printed[] {
  const out: Printed[] = [];
  let group = '';
  // A group is one ROI on one map: its voxel count and area belong to the map of its statistics.
  let groupMap = '';
  const lines = dump.split('\n');
  lines.forEach((line, i) => {
    const tracking = line.match(/TEXT:\(,,"Tracking Identifier"\)="(.*)">/);
    if (tracking) [group, groupMap] = [tracking[1], ''];
    const num = line.match(/NUM:\(,,"([^"]+)"\)="([^"]+)" \(([^,]+),UCUM/);
    if (!num) return;
    const [, concept, text, unit] = num;
    const modifier = lines[i + 1]?.match(/has concept mod CODE:\(,,"(Derivation|Measurement Method)"\)=\([^,]+,[^,]+,"([^"]+)"\)/)?.[2] ?? null;
    let map = MAP_BY_MEANING[concept] ?? groupMap;
    groupMap = map;
    let statistic = modifier ? (STAT_BY_MEANING[modifier] ?? '') : '';
    if (concept === 'Voxels included') statistic = 'n';
    if (concept === 'Area') statistic = 'area';
    if (concept === 'Volume') {
      if (modifier === null) statistic = 'volume';
      else {
        map = 'volume';
        statistic = modifier.startsWith('ABC/2') ? 'abc2' : 'planimetric';
      }
    }
    if (statistic) out.push({ group, map, statistic, text, unit });
  });
  return out;
}

describe.skipIf(!hasTool('dsrdump'))('dsrdump prints the SR measurements with the values of the CSV export', () => {
  it.each<ExportUnitSystem>(['trial', 'si'])('every long-CSV value, %s units', (units) => {
    const { record, fits } = caseRecordOf(index);
    const sessions = recordSessions(index, {}, record, { appVersion: '0.1.0', savedAt: '2024-04-01T00:00:00.000Z', reader: 'Reader One' });
    const options: ExportOptions = { salt: 'trial-key', dates: 'remove', include: [], units, appVersion: '0.1.0', exportedAt: '2024-04-01T00:00:00.000Z' };
    const long = readCsvObjects(buildExportFiles(sessions, options).files.find((f) => f.name.endsWith('_long.csv'))!.text);
    const model = buildExportModel(sessions, options);
    const sr = resultObjects(index, record, fits, { units, appVersion: '0.1.0', createdAt: '2024-03-12T11:00:00.000Z', reader: 'Reader One', deidentify: { salt: 'trial-key', dates: 'remove', include: [], model } }).files.find((f) => f.name.endsWith('_SR.dcm'))!;
    const printed = printedMeasurements(dsrdump(sr.bytes));
    // 2 ROIs × 4 maps × (mean, sd, median, iqr, n, area), 4 ratios, ABC/2 and planimetric volumes.
    expect(long.length).toBe(54);
    let exact = 0;
    for (const row of long) {
      // A ratio row is named 'ipsi/contra'; the report holds it in the contralateral ROI's group.
      const group = row.statistic === 'mean_ratio' ? row.roi_name.split('/')[1] : row.roi_name;
      const matches = printed.filter((p) => p.group === group && p.map === row.map && p.statistic === row.statistic);
      expect(matches, `${row.roi_name} ${row.map} ${row.statistic}`).toHaveLength(1);
      const [p] = matches;
      // DS holds 16 characters: the CSV text itself whenever it fits, else its 16-character rounding.
      expect(p.text, `${row.roi_name} ${row.map} ${row.statistic}`).toBe(decimalString(Number(row.value)));
      if (row.value.length <= 16) {
        expect(p.text).toBe(row.value);
        exact++;
      }
      expect(p.unit).toBe(ucumCode(row.unit).CodeValue);
    }
    // In trial units statistics have 12 significant digits at most and always fit; only the lesion
    // volumes (mL as computed, unrounded) may not.
    if (units === 'trial') expect(exact).toBeGreaterThanOrEqual(long.length - 2);
  });
});
