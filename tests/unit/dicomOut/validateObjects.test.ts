import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DicomIndex } from '../../../src/core/dicom/types';
import { buildExportModel } from '../../../src/core/export/exportModel';
import { recordSessions } from '../../../src/core/export/recordSessions';
import { decodePart10, type Dataset } from '../../../src/core/dicomOut/part10';
import { resultObjects, type ResultObjectsOptions } from '../../../src/core/dicomOut/resultObjects';
import { caseRecordOf, smallDtiStudy } from './resultFixture';
import { dciodvfy, hasTool } from './dicomTools';

let dir = '';
let index: DicomIndex;
beforeAll(async () => {
  ({ dir, index } = await smallDtiStudy());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The warnings dciodvfy may still give, each for a reason: StudyID is type 2 and the index does
 * not keep the source's (empty is valid; only a DICOMDIR would want it), nor does a study date or time
 * the de-identification removed; and dciodvfy does not know the app's private coding scheme
 * 99DTITV (declared in CodingSchemeIdentificationSequence).
 */
const ACCEPTED_WARNINGS = [/<\/Study(ID\(0020,0010\)|Time\(0008,0030\)|Date\(0008,0020\))> - Missing attribute or value that would be needed to build DICOMDIR/, /Unrecognized defined term = <99DTITV>/];

const base: ResultObjectsOptions = { units: 'trial', appVersion: '0.1.0', createdAt: '2024-03-12T11:00:00.000Z', reader: 'Reader One', deidentify: null };

if (!hasTool('dciodvfy')) console.warn('dciodvfy (dicom3tools) is not installed: the DICOM validation tests are skipped');

describe.skipIf(!hasTool('dciodvfy'))('every result object passes dciodvfy with no error', () => {
  const check = (options: ResultObjectsOptions) => {
    const { record, fits } = caseRecordOf(index);
    const { files } = resultObjects(index, record, fits, options);
    expect(files.map((f) => f.name.replace(/^.*_(SEG|PM|SR)/, '$1'))).toEqual(['SEG_1.dcm', 'PM_FA.dcm', 'PM_MD.dcm', 'PM_AD.dcm', 'PM_RD.dcm', 'SR.dcm']);
    for (const f of files) {
      const r = dciodvfy(f.bytes);
      expect(r.output, f.name).toMatch(/^(Segmentation|ParametricMap|Comprehensive3DSR)$/m);
      expect(r.errors, `${f.name}\n${r.output}`).toEqual([]);
      expect(r.warnings.filter((w) => !ACCEPTED_WARNINGS.some((a) => a.test(w))), f.name).toEqual([]);
    }
  };

  it('identified, trial units', () => check(base));
  it('identified, SI units', () => check({ ...base, units: 'si' }));
  it('a threshold lesion (semi-automatic segment with its algorithm name)', () => {
    const { record, fits } = caseRecordOf(index);
    const abc2 = record.measurements[0];
    if (abc2.payload.kind !== 'abc2') throw new Error('fixture: the first measurement is the ABC/2');
    abc2.payload.segmentation = 'threshold';
    const { files } = resultObjects(index, record, fits, base);
    const seg = decodePart10(files[0].bytes, files[0].name);
    const lesion = (seg.SegmentSequence as Dataset[]).find((s) => s.SegmentLabel === 'Lesion (brush)')!;
    expect([lesion.SegmentAlgorithmType, lesion.SegmentAlgorithmName]).toEqual(['SEMIAUTOMATIC', 'MD threshold']);
    const r = dciodvfy(files[0].bytes);
    expect(r.errors, r.output).toEqual([]);
  });
  it('de-identified for the trial, dates shifted and removed', () => {
    const { record } = caseRecordOf(index);
    for (const dates of ['shift', 'remove'] as const) {
      const sessions = recordSessions(index, {}, record, { appVersion: '0.1.0', savedAt: '2024-04-01T00:00:00.000Z', reader: 'Reader One' });
      const model = buildExportModel(sessions, { salt: 'trial-key', dates, include: [], units: 'trial', appVersion: '0.1.0', exportedAt: '2024-04-01T00:00:00.000Z' });
      check({ ...base, deidentify: { salt: 'trial-key', dates, include: [], model } });
    }
  });
});
