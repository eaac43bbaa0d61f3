import { rmSync } from 'node:fs';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DicomIndex } from '../../../src/core/dicom/types';
import { importRestored } from '../../../src/core/dicomOut/importRecord';
import { readResults } from '../../../src/core/dicomOut/readResults';
import { resultObjects } from '../../../src/core/dicomOut/resultObjects';
import { openBrowserStore } from '../../../src/platform/browserStore';
import { caseRecordOf, smallDtiStudy } from './resultFixture';

let dir = '';
let index: DicomIndex;
beforeAll(async () => {
  ({ dir, index } = await smallDtiStudy());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('importing our objects into a fresh record', () => {
  it('the store then lists the ROIs, measurements and segmentation the objects were made from; a second import changes nothing', async () => {
    const { record, fits } = caseRecordOf(index);
    const { files } = resultObjects(index, record, fits, { units: 'trial', appVersion: '0.1.0', createdAt: '2024-03-12T11:00:00.000Z', reader: 'Reader One', deidentify: null });
    const study = index.patients[0].studies[0].studyInstanceUID;
    const restored = readResults(files).byStudy.get(study)!;
    const store = await openBrowserStore(new IDBFactory(), 'import', () => '2024-05-01T00:00:00.000Z');
    const done = await importRestored(store, restored, 'Reader Two');
    expect(done).toEqual({ rois: 3, measurements: 4, segmentations: 1, warnings: [] });
    const scope = { studyInstanceUID: study };
    const rois = await store.listRois(scope);
    expect(rois.map((r) => [r.roi.id, r.measured?.stats.length ?? 0, r.createdBy])).toEqual([
      ['roi-core', 4, 'Reader Two'],
      ['roi-mirror', 4, 'Reader Two'],
      ['roi-free', 0, 'Reader Two'],
    ]);
    expect(rois[0].measured!.stats).toEqual(record.rois[0].measured!.stats);
    expect((await store.listMeasurements(scope)).map((m) => m.kind)).toEqual(['abc2', 'length', 'bidirectional', 'probe']);
    const [seg] = await store.listSegmentations!(scope);
    expect(seg.labels).toEqual(record.segmentations[0].record.labels);
    const trail = await store.history('roi-core');
    await importRestored(store, restored, 'Reader Two');
    expect(await store.history('roi-core')).toEqual(trail);
    await store.close();
  });
});
