import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { DicomIndex } from '../../../src/core/dicom/types';
import { resultObjects } from '../../../src/core/dicomOut/resultObjects';
import { caseRecordOf, smallDtiStudy } from './resultFixture';
import { dciodvfy, hasTool } from './dicomTools';

let dir = '';
let index: DicomIndex;
beforeAll(async () => {
  ({ dir, index } = await smallDtiStudy());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasTool('dciodvfy'))('every result object passes dciodvfy', () => {
  it('identified SEG, SR and parametric maps', () => {
    const { record, fits } = caseRecordOf(index);
    const { files, warnings } = resultObjects(index, record, fits, { units: 'trial', appVersion: '0.1.0', createdAt: '2024-03-12T11:00:00.000Z', reader: 'Reader One', deidentify: null });
    console.log(files.map((f) => f.name), warnings);
    for (const f of files) {
      const r = dciodvfy(f.bytes);
      console.log(f.name, r.output);
    }
  });
});
