import { beforeAll, describe, expect, it, vi } from 'vitest';
import { eventTarget, triggerEvent } from '@cornerstonejs/core';
import { annotation as csAnnotation, Enums as ToolEnums } from '@cornerstonejs/tools';
import type { DicomIndex, SeriesEntry } from '../../../src/core/dicom/types';
import type { DtiMaps } from '../../../src/core/dti/types';
import type { Vec3 } from '../../../src/core/math/types';
import type { MeasurementKey, PlanarRoi } from '../../../src/core/measure/types';
import type { MeasurementStore } from '../../../src/core/store/MeasurementStore';
import type { MeasurementInput, MeasurementRecord, RoiMeasured, SegmentationInput, StoredRoi } from '../../../src/core/store/records';

/**
 * The measurement service against a synthetic fit whose values are known exactly: a head
 * symmetric about x = 0 (2 mm voxels, centres at odd mm), white matter MD 0.7e-3 mm²/s and FA
 * 0.45, a lesion disc of radius 6 mm at (20, 0) through all 5 slices with MD 0.42e-3 (ratio 0.6)
 * and FA 0.30. Cornerstone events are dispatched as the tools would; the store is an in-memory
 * recorder behind the Platform seam.
 */

const saved: { roi: StoredRoi[]; measurements: MeasurementRecord[]; segmentations: SegmentationInput[]; calls: { op: string; id: string; reader: string }[] } = {
  roi: [],
  measurements: [],
  segmentations: [],
  calls: [],
};
const now = () => new Date().toISOString();
const memoryStore: MeasurementStore = {
  async saveRoi(key: MeasurementKey, roi: PlanarRoi, reader: string, measured?: RoiMeasured | null) {
    saved.calls.push({ op: 'saveRoi', id: roi.id, reader });
    const row = { key, roi: structuredClone(roi), measured: structuredClone(measured ?? null), createdBy: reader, updatedBy: reader, createdAt: now(), updatedAt: now() };
    const i = saved.roi.findIndex((r) => r.roi.id === roi.id);
    if (i < 0) saved.roi.push(row);
    else saved.roi[i] = row;
    return row;
  },
  async deleteRoi(id: string, reader: string) {
    saved.calls.push({ op: 'deleteRoi', id, reader });
    const before = saved.roi.length;
    saved.roi = saved.roi.filter((r) => r.roi.id !== id);
    return saved.roi.length < before;
  },
  async listRois() {
    return saved.roi.map((r) => structuredClone(r));
  },
  async saveMeasurement(input: MeasurementInput, reader: string) {
    saved.calls.push({ op: 'saveMeasurement', id: input.id, reader });
    const rec: MeasurementRecord = { ...structuredClone(input), kind: input.payload.kind, createdBy: reader, updatedBy: reader, createdAt: now(), updatedAt: now() };
    const i = saved.measurements.findIndex((m) => m.id === input.id);
    if (i < 0) saved.measurements.push(rec);
    else saved.measurements[i] = rec;
    return rec;
  },
  async deleteMeasurement(id: string, reader: string) {
    saved.calls.push({ op: 'deleteMeasurement', id, reader });
    const before = saved.measurements.length;
    saved.measurements = saved.measurements.filter((m) => m.id !== id);
    return saved.measurements.length < before;
  },
  async listMeasurements() {
    return saved.measurements.map((m) => structuredClone(m));
  },
  async history() {
    return [];
  },
  async saveSegmentation(input: SegmentationInput, reader: string) {
    saved.calls.push({ op: 'saveSegmentation', id: input.id, reader });
    saved.segmentations = [...saved.segmentations.filter((s) => s.id !== input.id), { ...input, labels: input.labels.slice() }];
    let voxels = 0;
    for (const l of input.labels) if (l) voxels++;
    return { ...input, voxels, createdBy: reader, updatedBy: reader, createdAt: now(), updatedAt: now() };
  },
  async close() {},
};
// Cornerstone's annotation state tells an element from a frame-of-reference id by `instanceof
// HTMLDivElement`; Node has no DOM, and every selector here is a frame of reference.
(globalThis as { HTMLDivElement?: unknown }).HTMLDivElement ??= class {};
vi.mock('../../../src/platform', () => ({ getPlatform: async () => ({ kind: 'browser', store: memoryStore }) }));

const { startMeasurementService, mirrorRoi, setReader, setCMode, nudgePlane, abc2Of, renameAbc2, deleteAbc2 } = await import('../../../src/services/measurementService');
const { useRoiStore } = await import('../../../src/state/roiStore');
const { useMirrorStore } = await import('../../../src/state/mirrorStore');
const { useAbc2Store } = await import('../../../src/state/abc2Store');
const { useDtiStore } = await import('../../../src/state/dtiStore');
const { useStudyStore } = await import('../../../src/state/studyStore');
const { useViewportStore } = await import('../../../src/state/viewportStore');

const SERIES = '1.2.3.4';
const FOR = '1.2.3.9';
const KEY: MeasurementKey = { studyInstanceUID: '1.2.3', seriesInstanceUID: SERIES, frameOfReferenceUID: FOR };
const dims: [number, number, number] = [40, 40, 5];
// x = −39 + 2i, y = −39 + 2j, z = −4 + 2k: centres at odd mm in-plane, symmetric about x = 0 and y = 0.
const affine = [2, 0, 0, -39, 0, 2, 0, -39, 0, 0, 2, -4, 0, 0, 0, 1];
const WM_MD = 0.7e-3;
const LESION_MD = 0.42e-3;

function syntheticResult() {
  const n = dims[0] * dims[1] * dims[2];
  const md = new Float32Array(n);
  const fa = new Float32Array(n);
  const b0 = new Float32Array(n);
  const mask = new Uint8Array(n);
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++) {
        const v = (k * dims[1] + j) * dims[0] + i;
        const x = -39 + 2 * i;
        const y = -39 + 2 * j;
        if ((x / 36) ** 2 + (y / 30) ** 2 > 1) continue;
        const lesion = (x - 20) ** 2 + y ** 2 < 36;
        mask[v] = 1;
        // b0 symmetric about x = 0 with structure along x, so the mirror plane is well defined.
        b0[v] = 800 + 200 * Math.cos(x / 6) + 100 * Math.sin(y / 7);
        md[v] = lesion ? LESION_MD : WM_MD;
        fa[v] = lesion ? 0.3 : 0.45;
      }
  const maps = {
    dims,
    spacing: [2, 2, 2],
    affine,
    scalars: { fa, md, ad: md, rd: md, l1: md, l2: md, l3: md, s0: b0, residual: new Float32Array(n) },
    v1: new Float32Array(3 * n),
    colorFa: new Uint8Array(3 * n),
    mask,
    counts: { fitted: 0, nonPositiveEigen: 0, failed: 0 },
  } as unknown as DtiMaps;
  return { generation: 1, seriesUID: SERIES, frameOfReferenceUID: FOR, estimator: 'wls' as const, fitId: 'fit-test', maskThreshold: 1, bValues: [0, 1000], fittedAt: '2024-03-01T10:00:00.000Z', maps, b0, seconds: { assemble: 0, fit: 0 } };
}

function index(): DicomIndex {
  const series = { seriesInstanceUID: SERIES, frameOfReferenceUID: FOR, description: 'DTI', modality: 'MR', frames: [] } as unknown as SeriesEntry;
  return {
    patients: [{ patientId: 'P', patientName: 'P', birthDate: '', sex: '', studies: [{ studyInstanceUID: '1.2.3', studyDate: '', studyTime: '', description: '', accessionNumber: '', series: [series] }] }],
    skipped: [],
    fileCount: 0,
  };
}

function ellipseAnnotation(uid: string, centre: Vec3, a: number, b: number) {
  const [x, y, z] = centre;
  return {
    annotationUID: uid,
    metadata: { toolName: 'EllipticalROI', viewPlaneNormal: [0, 0, 1], FrameOfReferenceUID: FOR },
    data: { handles: { points: [[x, y - b, z], [x, y + b, z], [x - a, y, z], [x + a, y, z]] }, label: '', cachedStats: {} },
  };
}

const state = () => useRoiStore.getState();
const mirrorState = () => useMirrorStore.getState();
const abc2 = () => useAbc2Store.getState().abc2;
const statOf = (id: string, map: string) => state().rois.find((r) => r.roi.id === id)!.stats.find((s) => s.map === map)!;

beforeAll(async () => {
  startMeasurementService();
  useStudyStore.setState({ index: index() });
  useViewportStore.getState().showSeries(SERIES, 0);
  useDtiStore.setState({ result: syntheticResult() });
  setReader('alice');
  await vi.waitFor(() => expect(state().rois).toEqual([]));
});

describe('measurement service on a synthetic fit with known values', () => {
  it('a drawn ellipse becomes the infarct-core ROI with stats on every map, stored under the reader', async () => {
    triggerEvent(eventTarget, ToolEnums.Events.ANNOTATION_COMPLETED, { annotation: ellipseAnnotation('core', [20, 0, 0], 4, 4) });
    const row = state().rois.find((r) => r.roi.id === 'core')!;
    expect(row.roi).toMatchObject({ role: 'infarct-core', name: 'Infarct core', shape: 'ellipse' });
    expect(row.key).toEqual({ studyInstanceUID: '1.2.3', seriesInstanceUID: SERIES, frameOfReferenceUID: FOR });
    expect(row.stats.map((s) => s.map)).toEqual(['fa', 'md', 'ad', 'rd', 'b0']);
    // Centres (20 ± 1|3, ±1|3) on slice z = 0 lie within 4 mm except the (±3, ±3) corners: 12 voxels of 4 mm².
    const md = statOf('core', 'md');
    expect(md.n).toBe(12);
    expect(md.areaMm2).toBeCloseTo(48, 9);
    expect(md.mean).toBeCloseTo(LESION_MD, 9);
    expect(statOf('core', 'fa').mean).toBeCloseTo(0.3, 6);
    await vi.waitFor(() => expect(saved.calls).toContainEqual({ op: 'saveRoi', id: 'core', reader: 'alice' }));
  });

  it('mirror: reflection across the estimated plane x = 0, ratios rMD 0.6 and rFA 2/3', async () => {
    await mirrorRoi('core');
    const mirror = state().rois.find((r) => r.roi.mirrorOf === 'core')!;
    expect(mirror.roi.role).toBe('contralateral-mirror');
    expect(Math.abs(mirror.roi.ellipse!.centre[0] + 20)).toBeLessThan(0.5);
    expect(Math.abs(mirrorState().planeDistanceMm!)).toBeLessThan(0.25);
    const ratios = state().ratios[mirror.roi.id];
    expect(ratios.find((r) => r.label === 'rMD')!.ratio).toBeCloseTo(0.6, 6);
    expect(ratios.find((r) => r.label === 'rFA')!.ratio).toBeCloseTo(0.3 / 0.45, 6);
    // The mirror is drawn as a Cornerstone annotation with its ROI id, plus the plane trace.
    expect(csAnnotation.state.getAnnotation(mirror.roi.id)?.metadata?.toolName).toBe('EllipticalROI');
    await vi.waitFor(() => expect(saved.roi.some((r) => r.roi.mirrorOf === 'core')).toBe(true));

    // Nudging the plane 2 mm along its normal moves the mirror 4 mm (reflection doubles it).
    const before = mirror.roi.ellipse!.centre[0];
    nudgePlane(2);
    await vi.waitFor(() => expect(mirrorState().planeOffsetMm).toBe(2));
    await vi.waitFor(() => {
      const moved = state().rois.find((r) => r.roi.mirrorOf === 'core')!;
      expect(Math.abs(moved.roi.ellipse!.centre[0] - before)).toBeCloseTo(4, 6);
    });
  });

  it('dragging the plane trace moves the plane (translate, then turn by an end) and the mirror follows', async () => {
    const line = csAnnotation.state.getAnnotation('mid-sagittal-plane-line')!;
    expect(line.isLocked).toBe(false);
    const points = line.data.handles!.points as Vec3[];
    const offset = mirrorState().planeOffsetMm;
    // The whole trace dragged 4 mm along +x: the plane 4 mm further, the mirror of x = 20 8 mm further.
    const before = state().rois.find((r) => r.roi.mirrorOf === 'core')!.roi.ellipse!.centre[0];
    line.data.handles!.points = points.map(([x, y, z]): Vec3 => [x + 4, y, z]);
    triggerEvent(eventTarget, ToolEnums.Events.ANNOTATION_MODIFIED, { annotation: line, changeType: ToolEnums.ChangeTypes.HandlesUpdated });
    await vi.waitFor(() => expect(mirrorState().planeOffsetMm).toBeCloseTo(offset + 4, 6));
    await vi.waitFor(() => expect(state().rois.find((r) => r.roi.mirrorOf === 'core')!.roi.ellipse!.centre[0] - before).toBeCloseTo(8, 6));
    expect(mirrorState().planeTiltDeg).toBeCloseTo(0, 9);

    // One end turned 10° about the other (in the axial slice): the plane turns 10° about S.
    const [from, to] = line.data.handles!.points as Vec3[];
    const t = (10 * Math.PI) / 180;
    const [dx, dy] = [to[0] - from[0], to[1] - from[1]];
    line.data.handles!.points = [from, [from[0] + dx * Math.cos(t) - dy * Math.sin(t), from[1] + dx * Math.sin(t) + dy * Math.cos(t), to[2]]];
    triggerEvent(eventTarget, ToolEnums.Events.ANNOTATION_MODIFIED, { annotation: line, changeType: ToolEnums.ChangeTypes.HandlesUpdated });
    await vi.waitFor(() => expect(mirrorState().planeTiltDeg).toBeCloseTo(10, 1));
    // The mirror is the reflection of the ROI across the turned plane: its centre lies as far from the plane, on the other side.
    const plane = mirrorState().plane!;
    const side = (p: Vec3) => (p[0] - plane.origin[0]) * plane.normal[0] + (p[1] - plane.origin[1]) * plane.normal[1] + (p[2] - plane.origin[2]) * plane.normal[2];
    await vi.waitFor(() => {
      const mirror = state().rois.find((r) => r.roi.mirrorOf === 'core')!.roi.ellipse!.centre;
      expect(side(mirror)).toBeCloseTo(-side([20, 0, 0]), 6);
    });
  });

  it('dragging the ROI updates the table (throttled) and then the store', async () => {
    const moving = ellipseAnnotation('core', [20, 0, 0], 4, 4);
    csAnnotation.state.addAnnotation(moving as never, FOR);
    // Moved 20 mm towards the midline: now in white matter only.
    moving.data.handles.points = ellipseAnnotation('core', [0, 0, 0], 4, 4).data.handles.points;
    triggerEvent(eventTarget, ToolEnums.Events.ANNOTATION_MODIFIED, { annotation: moving, changeType: ToolEnums.ChangeTypes.HandlesUpdated });
    await vi.waitFor(() => expect(statOf('core', 'md').mean).toBeCloseTo(WM_MD, 9));
    await vi.waitFor(() => expect(saved.roi.find((r) => r.roi.id === 'core')!.roi.ellipse!.centre).toEqual([0, 0, 0]));
  });

  it('a probe records the value of every map at its voxel, with the fit the values were read from', async () => {
    const probe = {
      annotationUID: 'probe-1',
      metadata: { toolName: 'Probe', viewPlaneNormal: [0, 0, 1], FrameOfReferenceUID: FOR },
      data: { handles: { points: [[20, 0, 0]] }, cachedStats: {} },
    };
    triggerEvent(eventTarget, ToolEnums.Events.ANNOTATION_COMPLETED, { annotation: probe });
    await vi.waitFor(() => expect(saved.measurements.find((m) => m.id === 'probe-1')).toBeDefined());
    const payload = saved.measurements.find((m) => m.id === 'probe-1')!.payload;
    expect(payload).toMatchObject({ kind: 'probe', point: [20, 0, 0], fit: { fitId: 'fit-test', estimator: 'wls', bValues: [0, 1000] } });
    expect((payload as { values: Record<string, number> }).values.md).toBeCloseTo(LESION_MD, 9);
  });

  it('ABC/2 from a Bidirectional, C by Kothari on the MD threshold segmentation, planimetric volume', async () => {
    const bi = {
      annotationUID: 'bi',
      metadata: { toolName: 'Bidirectional', viewPlaneNormal: [0, 0, 1], FrameOfReferenceUID: FOR },
      data: { handles: { points: [[20, -6, 0], [20, 6, 0], [14, 0, 0], [26, 0, 0]] }, cachedStats: {} },
    };
    triggerEvent(eventTarget, ToolEnums.Events.ANNOTATION_COMPLETED, { annotation: bi });
    expect(abc2()).toMatchObject({ aMm: 12, bMm: 12, bidirectionalId: 'bi' });
    // Lesion: 32 voxel centres per slice within 6 mm of (20, 0) × 5 slices × 8 mm³.
    const seg = abc2().segmentation!;
    expect(seg.voxels).toBe(160);
    expect(seg.planimetricMl).toBeCloseTo(1.28, 9);
    expect(seg.kothariCMm).toBe(10);
    setCMode('kothari');
    expect(abc2().cMm).toBe(10);
    expect(abc2().volumeMl).toBeCloseTo((12 * 12 * 10) / 2 / 1000, 12);
    // The record says how it was measured: modality, C method, the segmentation compared with.
    await vi.waitFor(() =>
      expect(saved.measurements.find((m) => m.kind === 'abc2')?.payload).toMatchObject({ kind: 'abc2', aMm: 12, bMm: 12, cMm: 10, volumeMl: 0.72, modality: 'MR', cMethod: 'kothari', slices: null, segmentation: 'threshold' }),
    );
    const abc2Payload = saved.measurements.find((m) => m.kind === 'abc2')!.payload as { planimetricMl: number };
    expect(abc2Payload.planimetricMl).toBeCloseTo(1.28, 9);
    expect(saved.measurements.find((m) => m.id === 'bi')).toMatchObject({ kind: 'bidirectional', updatedBy: 'alice' });
    // The threshold segmentation behind the planimetric volume and Kothari C is stored with its voxels.
    await vi.waitFor(() => expect(saved.segmentations.map((s) => s.id)).toEqual([`lesion-threshold:${SERIES}`]));
    const stored = saved.segmentations[0];
    expect(stored).toMatchObject({ key: { studyInstanceUID: '1.2.3', seriesInstanceUID: SERIES, frameOfReferenceUID: FOR }, dims, affine, role: 'infarct-core' });
    const lesionVoxels = [...stored.labels.keys()].filter((v) => stored.labels[v] === 1);
    expect(lesionVoxels).toHaveLength(160);
    // Every stored voxel is a designed lesion voxel: within 6 mm of (20, 0) in-plane.
    for (const v of lesionVoxels) {
      const i = v % dims[0];
      const j = Math.floor(v / dims[0]) % dims[1];
      expect((-39 + 2 * i - 20) ** 2 + (-39 + 2 * j) ** 2).toBeLessThan(36);
    }
  });

  it('reopening the study restores ROIs (with stats), lines and the ABC/2 from the store', async () => {
    const ids = state().rois.map((r) => r.roi.id).sort();
    useStudyStore.setState({ index: index() });
    await vi.waitFor(() => expect(state().rois.map((r) => r.roi.id).sort()).toEqual(ids));
    expect(statOf('core', 'md').mean).toBeCloseTo(WM_MD, 9);
    // The stored statistics come back as recorded, with the fit they were computed on.
    expect(state().rois.find((r) => r.roi.id === 'core')!.measured?.fit).toMatchObject({ fitId: 'fit-test', estimator: 'wls', maskThreshold: 1 });
    // Nothing is being measured after a reopen, yet the series' ABC/2 is its stored record.
    expect(abc2().key).toBeNull();
    expect(abc2Of(KEY)).toMatchObject({ aMm: 12, bMm: 12, cMm: 10, volumeMl: 0.72, cMode: 'kothari' });
    for (const id of ids) expect(csAnnotation.state.getAnnotation(id)).toBeTruthy();
    expect(csAnnotation.state.getAnnotation('bi')?.metadata?.toolName).toBe('Bidirectional');
  });

  it('re-measuring ABC/2 after a reopen updates its one record; rename and delete are stored', async () => {
    const id = saved.measurements.find((m) => m.kind === 'abc2')!.id;
    const bi = {
      annotationUID: 'bi-2',
      metadata: { toolName: 'Bidirectional', viewPlaneNormal: [0, 0, 1], FrameOfReferenceUID: FOR },
      data: { handles: { points: [[20, -7, 0], [20, 7, 0], [14, 0, 0], [26, 0, 0]] }, cachedStats: {} },
    };
    triggerEvent(eventTarget, ToolEnums.Events.ANNOTATION_COMPLETED, { annotation: bi });
    await vi.waitFor(() => expect(saved.measurements.filter((m) => m.kind === 'abc2').map((m) => [m.id, (m.payload as { aMm: number }).aMm])).toEqual([[id, 14]]));
    expect(abc2().recordId).toBe(id);
    renameAbc2(id, 'Core lesion');
    await vi.waitFor(() => expect(saved.measurements.find((m) => m.id === id)?.name).toBe('Core lesion'));
    deleteAbc2(id);
    await vi.waitFor(() => expect(saved.measurements.some((m) => m.kind === 'abc2')).toBe(false));
    expect(abc2Of(KEY)).toMatchObject({ recordId: null, aMm: null });
  });
});
