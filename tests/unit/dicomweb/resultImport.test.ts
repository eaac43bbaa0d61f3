import { IDBFactory } from 'fake-indexeddb';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFolder } from '../../../src/cli/nodeFileSource';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import type { DicomIndex } from '../../../src/core/dicom/types';
import { resultObjects } from '../../../src/core/dicomOut/resultObjects';
import type { FileSource } from '../../../src/core/io/FileSource';
import { openBrowserStore } from '../../../src/platform/browserStore';
import { restoreResultsAtOpen } from '../../../src/services/resultImport';
import { BlobFileSource } from '../../../src/workers/indexBlobSource';
import { caseRecordOf, smallDtiStudy } from '../dicomOut/resultFixture';

/**
 * Reopening a study that holds our SEG and SR (from a server, or a folder) on a workstation whose
 * store never held its records: they come back; opening it again adds nothing; a record the
 * store knows (changed, or deleted since) is left as the store has it.
 */
const factory = new IDBFactory();
let n = 0;
let dir = '';
let source: DicomIndex;
let files: FileSource[];
let index: DicomIndex;

beforeAll(async () => {
  ({ dir, index: source } = await smallDtiStudy());
  const { record, fits } = caseRecordOf(source);
  const results = resultObjects(source, record, fits, { units: 'trial', appVersion: '0.1.0', createdAt: '2024-03-12T11:00:00.000Z', reader: 'Reader One', deidentify: null }).files;
  files = [...(await listFolder(dir)), ...results.map((f) => new BlobFileSource(`results/${f.name}`, new Blob([f.bytes as BlobPart])))];
  index = await indexFiles(files);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sources = () => new Map(files.map((f) => [f.path, f]));
const scope = () => ({ studyInstanceUID: index.patients[0].studies[0].studyInstanceUID });

describe('restoring our SEG and SR into the record at open', () => {
  it('the SEG, SR and maps are skipped by the index as result objects, not listed as series', () => {
    expect(index.patients[0].studies[0].series.map((s) => s.seriesInstanceUID)).toEqual(source.patients[0].studies[0].series.map((s) => s.seriesInstanceUID));
    const reasons = index.skipped.map((s) => s.reason.replace(/ \(SOP class .*\)$/, ''));
    expect(reasons.filter((r) => r.startsWith('segmentation (DICOM SEG)')).length).toBeGreaterThan(0);
    expect(reasons.filter((r) => r.startsWith('measurement report (Comprehensive 3D SR)'))).toHaveLength(1);
    expect(reasons.filter((r) => r.startsWith('parametric map'))).toHaveLength(4);
  });

  it('an empty store gets every ROI (with its statistics), the ABC/2, lines, probe and the lesion; a second open adds nothing', async () => {
    const store = await openBrowserStore(factory, `import-${n++}`);
    const { record } = caseRecordOf(source);
    expect(await restoreResultsAtOpen(index, sources(), store, 'Reader Two')).toEqual({ restored: 8, alreadyKnown: 0, warnings: [] });
    const rois = await store.listRois(scope());
    expect(rois.map((r) => r.roi.id).sort()).toEqual(['roi-core', 'roi-free', 'roi-mirror']);
    const core = rois.find((r) => r.roi.id === 'roi-core')!;
    const expected = record.rois.find((r) => r.roi.id === 'roi-core')!;
    expect(core.measured).toEqual(expected.measured);
    expect(core.roi.mirrorOf).toBeUndefined();
    expect(rois.find((r) => r.roi.id === 'roi-mirror')!.roi.mirrorOf).toBe('roi-core');
    const measurements = await store.listMeasurements(scope());
    expect(measurements.map((m) => m.kind).sort()).toEqual(record.measurements.map((m) => m.kind).sort());
    expect(measurements.find((m) => m.id === 'abc2-1')!.payload).toEqual(record.measurements.find((m) => m.id === 'abc2-1')!.payload);
    const [lesion] = await store.listSegmentations!(scope());
    expect(lesion.voxels).toBe(record.segmentations[0].record.voxels);
    expect(core.createdBy).toBe('Reader Two');
    expect(await restoreResultsAtOpen(index, sources(), store, 'Reader Two')).toEqual({ restored: 0, alreadyKnown: 8, warnings: [] });
    expect(await store.listRois(scope())).toHaveLength(3);
    expect(await store.listMeasurements(scope())).toHaveLength(record.measurements.length);
    await store.close();
  });

  it('a record the store changed or deleted since is left as the store has it', async () => {
    const store = await openBrowserStore(factory, `import-${n++}`);
    await restoreResultsAtOpen(index, sources(), store, 'Reader Two');
    const core = (await store.listRois(scope())).find((r) => r.roi.id === 'roi-core')!;
    await store.saveRoi(core.key, { ...core.roi, name: 'Renamed here' }, 'Reader Two', core.measured);
    await store.deleteMeasurement('abc2-1', 'Reader Two');
    expect(await restoreResultsAtOpen(index, sources(), store, 'Reader Two')).toEqual({ restored: 0, alreadyKnown: 8, warnings: [] });
    expect((await store.listRois(scope())).find((r) => r.roi.id === 'roi-core')!.roi.name).toBe('Renamed here');
    expect((await store.listMeasurements(scope())).map((m) => m.id)).not.toContain('abc2-1');
    await store.close();
  });
});
