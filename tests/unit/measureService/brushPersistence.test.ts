import { IDBFactory } from 'fake-indexeddb';
import { eventTarget, triggerEvent } from '@cornerstonejs/core';
import { Enums as ToolEnums } from '@cornerstonejs/tools';
import { describe, expect, it, vi } from 'vitest';
import type { DicomIndex, SeriesEntry } from '../../../src/core/dicom/types';
import type { DtiMaps } from '../../../src/core/dti/types';
import { openBrowserStore } from '../../../src/platform/browserStore';

/**
 * The brush lesion is stored as the reader paints and comes back after a reopen: the service
 * against the web build's real IndexedDB store (fake-indexeddb). Cornerstone's labelmap is
 * replaced by a plain array (no WebGL under Node): `painted` is what the brush left in it,
 * `written` what the service put back. Synthetic fit: 10 × 10 × 4 voxels of 2 mm, MD 0.7e-3
 * mm²/s everywhere except 0.42e-3 in the painted lesion.
 */
(globalThis as { HTMLDivElement?: unknown }).HTMLDivElement ??= class {};

const dims: [number, number, number] = [10, 10, 4];
const n = dims[0] * dims[1] * dims[2];
const voxel = (i: number, j: number, k: number) => (k * dims[1] + j) * dims[0] + i;
/** A 3 × 2 × 2 block (12 voxels) at i 4–6, j 5–6, k 1–2. */
const lesion: number[] = [];
for (let k = 1; k <= 2; k++) for (let j = 5; j <= 6; j++) for (let i = 4; i <= 6; i++) lesion.push(voxel(i, j, k));

const labelmap: { painted: Uint8Array | null; written: Uint8Array | null } = { painted: null, written: null };
vi.mock('../../../src/viewer/tools/brushSegmentation', () => ({
  LESION_SEGMENT: 1,
  lesionLabels: () => labelmap.written ?? labelmap.painted,
  showLesionLabelmap: () => 'lesion',
  writeLesionLabels: (_result: unknown, labels: Uint8Array) => {
    labelmap.written = labels.slice();
  },
}));
const factory = new IDBFactory();
const store = await openBrowserStore(factory, 'brush-persistence');
vi.mock('../../../src/platform', () => ({ getPlatform: async () => ({ kind: 'browser', store }) }));

const { startMeasurementService, setReader } = await import('../../../src/services/measurementService');
const { brushSegmentationId } = await import('../../../src/services/brushService');
const { useBrushStore } = await import('../../../src/state/brushStore');
const { useDtiStore } = await import('../../../src/state/dtiStore');
const { useStudyStore } = await import('../../../src/state/studyStore');

const SERIES = '1.2.3.4';
const KEY = { studyInstanceUID: '1.2.3', seriesInstanceUID: SERIES, frameOfReferenceUID: '1.2.3.9' };
const affine = [2, 0, 0, -9, 0, 2, 0, -9, 0, 0, 2, -3, 0, 0, 0, 1];

function result(generation: number) {
  const md = new Float32Array(n).fill(0.7e-3);
  for (const v of lesion) md[v] = 0.42e-3;
  const maps = { dims, spacing: [2, 2, 2], affine, scalars: { fa: md, md, ad: md, rd: md }, mask: new Uint8Array(n).fill(1) } as unknown as DtiMaps;
  return { generation, seriesUID: SERIES, frameOfReferenceUID: KEY.frameOfReferenceUID, estimator: 'wls' as const, fitId: `fit-${generation}`, maskThreshold: 1, bValues: [0, 1000], fittedAt: '2024-03-01T10:00:00.000Z', maps, b0: new Float32Array(n).fill(500), seconds: { assemble: 0, fit: 0 } };
}

function index(): DicomIndex {
  const series = { seriesInstanceUID: SERIES, frameOfReferenceUID: KEY.frameOfReferenceUID, description: 'DTI', frames: [] } as unknown as SeriesEntry;
  return {
    patients: [{ patientId: 'P', patientName: 'P', birthDate: '', sex: '', studies: [{ studyInstanceUID: KEY.studyInstanceUID, studyDate: '', studyTime: '', description: '', accessionNumber: '', series: [series] }] }],
    skipped: [],
    fileCount: 0,
  };
}

const brush = () => useBrushStore.getState().brush;

describe('brush lesion persistence through the measurement service', () => {
  it('painting is stored (labels, key, reader); reopening and recomputing the maps puts the same voxels back', async () => {
    startMeasurementService();
    setReader('carol');
    useStudyStore.setState({ index: index() });
    useDtiStore.setState({ result: result(1) });

    labelmap.painted = new Uint8Array(n);
    for (const v of lesion) labelmap.painted[v] = 1;
    triggerEvent(eventTarget, ToolEnums.Events.SEGMENTATION_DATA_MODIFIED, { segmentationId: 'lesion-1' });
    // Statistics follow the painting: 12 voxels of 8 mm³ = 0.096 mL, MD of the lesion.
    await vi.waitFor(() => expect(brush()?.voxels).toBe(12));
    const md = brush()!.stats.find((s) => s.map === 'md')!;
    expect(md.mean).toBeCloseTo(0.42e-3, 9);
    expect(md.volumeMl).toBeCloseTo(0.096, 9);

    const id = brushSegmentationId(SERIES);
    await vi.waitFor(async () => expect(await store.listSegmentations!(KEY)).toHaveLength(1), { timeout: 3000 });
    const [saved] = await store.listSegmentations!(KEY);
    expect(saved).toMatchObject({ id, key: KEY, voxels: 12, createdBy: 'carol', dims, affine });
    expect(saved.labels).toEqual(labelmap.painted);
    expect(useBrushStore.getState().brushSavedAt).toBe(saved.updatedAt);
    // The record holds the lesion's statistics per map as computed, with the fit they came from.
    expect(saved.measured?.fit).toMatchObject({ fitId: 'fit-1', estimator: 'wls', bValues: [0, 1000] });
    expect(saved.measured?.units.md).toBe('mm^2/s');
    expect(saved.measured?.stats.find((s) => s.map === 'md')?.mean).toBeCloseTo(0.42e-3, 9);

    // One more voxel painted by another reader: an audited update.
    setReader('dave');
    labelmap.painted[voxel(7, 5, 1)] = 1;
    triggerEvent(eventTarget, ToolEnums.Events.SEGMENTATION_DATA_MODIFIED, { segmentationId: 'lesion-1' });
    await vi.waitFor(async () => expect((await store.history(id)).map((h) => [h.action, h.reader])).toEqual([['create', 'carol'], ['update', 'dave']]), { timeout: 3000 });

    // Reopen: a new session's labelmap is empty until the service writes the stored labels into it.
    const expected = labelmap.painted.slice();
    labelmap.painted = null;
    useDtiStore.setState({ result: null });
    useStudyStore.setState({ index: index() });
    await vi.waitFor(() => expect(useBrushStore.getState().brush).toBeNull());
    useDtiStore.setState({ result: result(2) });
    await vi.waitFor(() => expect(labelmap.written).toEqual(expected));
    await vi.waitFor(() => expect(brush()?.voxels).toBe(13));
    expect(useBrushStore.getState().brushSavedAt).toBe((await store.listSegmentations!(KEY))[0].updatedAt);
  });
});
