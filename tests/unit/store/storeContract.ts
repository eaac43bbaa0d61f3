import { describe, expect, it } from 'vitest';
import type { MeasurementStore } from '../../../src/core/store/MeasurementStore';
import { decodeLabels } from '../../../src/core/store/labelCodec';
import type { SegmentationSnapshot } from '../../../src/core/store/records';
import { abc2Measurement, dwiKey, ellipseRoi, faKey, lengthMeasurement, lesionSegmentation, mirroredRoi, otherStudyKey, perfusionVolumesMeasurement, steppingClock } from './fixtures';

/** Opens the store at `location` (the same location reopens the same data) with an optional clock. */
export type OpenStore = (location: string, now?: () => string) => Promise<MeasurementStore>;

/**
 * The behaviour every MeasurementStore must have, run against SQLite and IndexedDB alike so the
 * UI sees one API: round trip across reopen, audited edits, soft audited deletes, measurements.
 */
export function describeStoreContract(label: string, open: OpenStore, freshLocation: () => string): void {
  describe(`${label}: MeasurementStore contract`, () => {
    it('round trip: ROIs and measurements saved, closed, reopened are identical, per series and per study', async () => {
      const location = freshLocation();
      const core = ellipseRoi('roi-core');
      const mirror = mirroredRoi('roi-mirror', core);
      const faRoi = ellipseRoi('roi-fa', { shape: 'freehand', role: 'perilesional', name: 'Rim', ellipse: undefined });
      const elsewhere = ellipseRoi('roi-other', { role: 'other' });
      const store = await open(location, steppingClock());
      // Saved out of id order: listings must follow creation, not id.
      await store.saveRoi(dwiKey, mirror, 'Dr A');
      await store.saveRoi(dwiKey, core, 'Dr A');
      await store.saveRoi(faKey, faRoi, 'Dr B');
      await store.saveRoi(otherStudyKey, elsewhere, 'Dr B');
      await store.saveMeasurement(abc2Measurement('m-abc'), 'Dr A');
      await store.saveMeasurement(lengthMeasurement('m-len'), 'Dr B');
      await store.close();

      const reopened = await open(location);
      const dwi = await reopened.listRois(dwiKey);
      expect(dwi.map((s) => s.roi)).toEqual([mirror, core]);
      expect(dwi[1]).toEqual({
        key: dwiKey,
        roi: core,
        measured: null,
        createdBy: 'Dr A',
        updatedBy: 'Dr A',
        createdAt: '2024-03-01T10:00:01.000Z',
        updatedAt: '2024-03-01T10:00:01.000Z',
      });
      expect(dwi[0].roi.mirrorOf).toBe('roi-core');
      expect((await reopened.listRois(faKey)).map((s) => s.roi)).toEqual([faRoi]);
      expect((await reopened.listRois({ studyInstanceUID: dwiKey.studyInstanceUID })).map((s) => s.roi.id)).toEqual(['roi-mirror', 'roi-core', 'roi-fa']);
      // A null frame of reference is a key like any other.
      expect((await reopened.listRois(otherStudyKey)).map((s) => s.roi)).toEqual([elsewhere]);
      expect(await reopened.listRois({ ...otherStudyKey, frameOfReferenceUID: '2.25.3' })).toEqual([]);

      const measurements = await reopened.listMeasurements({ studyInstanceUID: dwiKey.studyInstanceUID });
      expect(measurements.map((m) => m.kind)).toEqual(['abc2', 'length']);
      expect(measurements[0]).toMatchObject({ ...abc2Measurement('m-abc'), createdBy: 'Dr A', createdAt: '2024-03-01T10:00:04.000Z' });
      expect(measurements[0].payload).toEqual({ kind: 'abc2', aMm: 40, bMm: 30, cMm: 25, volumeMl: 15 });
      expect(await reopened.listMeasurements(faKey)).toEqual([expect.objectContaining(lengthMeasurement('m-len'))]);
      await reopened.close();
    });

    it('an ROI keeps its statistics as computed, with their fit, across reopen; new statistics are an audited update', async () => {
      const location = freshLocation();
      const core = ellipseRoi('roi-core');
      const fit = { fitId: 'fit-a', estimator: 'wls' as const, maskThreshold: 1, bValues: [0, 1000], appVersion: '0.1.0', fittedAt: '2024-03-01T09:00:00.000Z' };
      // Numbers a float32 map gives (not round in decimal): they must come back bit for bit.
      const md = { map: 'md', n: 38, mean: 0.00042179, sd: 0.0000311, median: 0.000419, q1: 0.0004, q3: 0.00044, iqr: 0.00004, min: 0.00035, max: 0.0005, areaMm2: 152 };
      const measured = { stats: [md], units: { md: 'mm^2/s' }, fit, measuredAt: '2024-03-01T09:30:00.000Z' };
      const store = await open(location, steppingClock());
      await store.saveRoi(dwiKey, core, 'Dr A');
      await store.saveRoi(dwiKey, core, 'Dr A', measured);
      await store.close();
      const reopened = await open(location);
      expect((await reopened.listRois(dwiKey))[0].measured).toEqual(measured);
      const refit = { ...measured, stats: [{ ...md, mean: 0.000425 }], fit: { ...fit, fitId: 'fit-b' } };
      await reopened.saveRoi(dwiKey, core, 'Dr A', refit);
      expect((await reopened.listRois(dwiKey))[0].measured?.fit.fitId).toBe('fit-b');
      const history = await reopened.history('roi-core');
      expect(history.map((h) => h.action)).toEqual(['create', 'update', 'update']);
      // The audit keeps the statistics each revision had.
      expect(history[2].before).toMatchObject({ measured: { fit: { fitId: 'fit-a' } } });
      await reopened.close();
    });

    it('an edit appends an audit row with before/after and who/when; an identical re-save adds none', async () => {
      const store = await open(freshLocation(), steppingClock());
      const original = ellipseRoi('roi-1');
      await store.saveRoi(dwiKey, original, 'Dr A');
      const moved = { ...original, contour: original.contour.map(([x, y, z]): [number, number, number] => [x + 2, y, z]), name: 'Core (moved)' };
      const stored = await store.saveRoi(dwiKey, moved, 'Dr B');
      expect(stored).toMatchObject({ createdBy: 'Dr A', updatedBy: 'Dr B', createdAt: '2024-03-01T10:00:00.000Z', updatedAt: '2024-03-01T10:00:01.000Z' });
      // Same content with keys in another order is not an edit.
      const reordered = Object.fromEntries(Object.entries(moved).reverse()) as typeof moved;
      expect((await store.saveRoi(dwiKey, reordered, 'Dr C')).updatedBy).toBe('Dr B');

      const history = await store.history('roi-1');
      expect(history.map((h) => [h.action, h.reader, h.at])).toEqual([
        ['create', 'Dr A', '2024-03-01T10:00:00.000Z'],
        ['update', 'Dr B', '2024-03-01T10:00:01.000Z'],
      ]);
      expect(history[0]).toMatchObject({ entity: 'roi', entityId: 'roi-1', before: null, after: { key: dwiKey, roi: original } });
      expect(history[1].before).toEqual({ key: dwiKey, roi: original });
      expect(history[1].after).toEqual({ key: dwiKey, roi: moved });
      expect(history[1].seq).toBeGreaterThan(history[0].seq);
      await store.close();
    });

    it('delete is soft and audited: gone from listings, history kept, a second delete is refused, a re-save restores', async () => {
      const location = freshLocation();
      const store = await open(location, steppingClock());
      const roi = ellipseRoi('roi-del');
      await store.saveRoi(dwiKey, roi, 'Dr A');
      expect(await store.deleteRoi('roi-del', 'Dr B')).toBe(true);
      expect(await store.deleteRoi('roi-del', 'Dr B')).toBe(false);
      expect(await store.deleteRoi('never-saved', 'Dr B')).toBe(false);
      expect(await store.listRois(dwiKey)).toEqual([]);
      await store.close();

      const reopened = await open(location, () => '2024-03-02T00:00:00.000Z');
      const history = await reopened.history('roi-del');
      expect(history.map((h) => [h.action, h.reader])).toEqual([['create', 'Dr A'], ['delete', 'Dr B']]);
      expect(history[1]).toMatchObject({ before: { key: dwiKey, roi }, after: null, at: '2024-03-01T10:00:01.000Z' });
      const restored = await reopened.saveRoi(dwiKey, roi, 'Dr C');
      expect(restored).toMatchObject({ createdBy: 'Dr A', updatedBy: 'Dr C', updatedAt: '2024-03-02T00:00:00.000Z' });
      expect((await reopened.history('roi-del')).map((h) => [h.action, h.before])).toEqual([['create', null], ['delete', { key: dwiKey, roi }], ['restore', null]]);
      expect((await reopened.listRois(dwiKey)).map((s) => s.roi)).toEqual([roi]);
      await reopened.close();
    });

    it('measurement edits are audited as measurements', async () => {
      const store = await open(freshLocation(), steppingClock());
      const first = abc2Measurement('m-1');
      await store.saveMeasurement(first, 'Dr A');
      const edited = { ...first, payload: { kind: 'abc2' as const, aMm: 40, bMm: 30, cMm: 30, volumeMl: 18 } };
      await store.saveMeasurement(edited, 'Dr A');
      const history = await store.history('m-1');
      expect(history.map((h) => [h.entity, h.action])).toEqual([['measurement', 'create'], ['measurement', 'update']]);
      expect(history[1].before).toEqual(first);
      expect(history[1].after).toEqual(edited);
      expect(await store.history('unknown')).toEqual([]);
      expect(await store.deleteMeasurement('m-1', 'Dr B')).toBe(true);
      expect(await store.deleteMeasurement('m-1', 'Dr B')).toBe(false);
      expect(await store.listMeasurements(dwiKey)).toEqual([]);
      const trail = await store.history('m-1');
      expect(trail.map((h) => [h.action, h.reader])).toEqual([['create', 'Dr A'], ['update', 'Dr A'], ['delete', 'Dr B']]);
      expect(trail[2]).toMatchObject({ before: edited, after: null });
      await store.close();
    });

    it('saved perfusion volumes round-trip through a reopen; a re-save with new thresholds is an audited update', async () => {
      const location = freshLocation();
      const first = perfusionVolumesMeasurement('perfvol-1');
      const store = await open(location, steppingClock());
      await store.saveMeasurement(first, 'Dr A');
      const edited = perfusionVolumesMeasurement('perfvol-1', 20);
      await store.saveMeasurement(edited, 'Dr B');
      await store.close();
      const reopened = await open(location, steppingClock());
      const [stored] = await reopened.listMeasurements(dwiKey);
      expect(stored).toMatchObject({ ...edited, kind: 'perfusionVolumes', createdBy: 'Dr A', updatedBy: 'Dr B' });
      expect(stored.payload).toEqual(edited.payload);
      const history = await reopened.history('perfvol-1');
      expect(history.map((h) => [h.entity, h.action, h.reader])).toEqual([['measurement', 'create', 'Dr A'], ['measurement', 'update', 'Dr B']]);
      expect(history[1].before).toEqual(first);
      await reopened.close();
    });

    it('segmentation round trip: saved compressed, closed, reopened with identical voxels; a repaint is audited', async () => {
      const location = freshLocation();
      const lesion = lesionSegmentation('seg-1');
      const store = await open(location, steppingClock());
      const saved = await store.saveSegmentation!(lesion, 'Dr A');
      // The box holds 5 × 4 × 3 = 60 labelled voxels.
      expect(saved).toMatchObject({ id: 'seg-1', key: dwiKey, voxels: 60, createdBy: 'Dr A', createdAt: '2024-03-01T10:00:00.000Z' });
      await store.saveSegmentation!(lesionSegmentation('seg-other', otherStudyKey), 'Dr B');
      await store.close();

      const reopened = await open(location, () => '2024-03-02T09:00:00.000Z');
      const [back] = await reopened.listSegmentations!(dwiKey);
      expect(back.labels).toEqual(lesion.labels);
      expect(back).toMatchObject({ dims: lesion.dims, affine: lesion.affine, name: 'Lesion (brush)', role: 'infarct-core', voxels: 60, updatedAt: '2024-03-01T10:00:00.000Z' });
      expect((await reopened.listSegmentations!({ studyInstanceUID: otherStudyKey.studyInstanceUID })).map((s) => s.id)).toEqual(['seg-other']);
      // An identical re-save is not an edit.
      await reopened.saveSegmentation!(lesion, 'Dr C');
      expect((await reopened.history('seg-1')).map((h) => h.action)).toEqual(['create']);

      // Painting one more voxel (i 13, j 6, k 2) is an edit: one audit row whose before/after rebuild both versions.
      const repainted = { ...lesion, labels: lesion.labels.slice() };
      repainted.labels[(2 * 16 + 6) * 20 + 13] = 1;
      expect((await reopened.saveSegmentation!(repainted, 'Dr C')).voxels).toBe(61);
      const history = await reopened.history('seg-1');
      expect(history.map((h) => [h.entity, h.action, h.reader, h.at])).toEqual([
        ['segmentation', 'create', 'Dr A', '2024-03-01T10:00:00.000Z'],
        ['segmentation', 'update', 'Dr C', '2024-03-02T09:00:00.000Z'],
      ]);
      const count = lesion.labels.length;
      expect(decodeLabels((history[1].before as SegmentationSnapshot).labels, count)).toEqual(lesion.labels);
      expect(decodeLabels((history[1].after as SegmentationSnapshot).labels, count)).toEqual(repainted.labels);
      expect((history[1].after as SegmentationSnapshot).voxels).toBe(61);
      await reopened.close();

      const third = await open(location);
      expect((await third.listSegmentations!(dwiKey))[0].labels).toEqual(repainted.labels);
      expect(await third.deleteSegmentation!('seg-1', 'Dr D')).toBe(true);
      expect(await third.deleteSegmentation!('seg-1', 'Dr D')).toBe(false);
      expect(await third.listSegmentations!(dwiKey)).toEqual([]);
      expect((await third.history('seg-1')).map((h) => h.action)).toEqual(['create', 'update', 'delete']);
      await third.close();
    });

    it('refuses a segmentation whose labels do not fill its grid', async () => {
      const store = await open(freshLocation());
      const lesion = lesionSegmentation('seg-bad');
      await expect(store.saveSegmentation!({ ...lesion, labels: lesion.labels.subarray(1) }, 'Dr A')).rejects.toThrow('labels for a 20×16×6 grid');
      expect(await store.listSegmentations!(dwiKey)).toEqual([]);
      await store.close();
    });
  });
}
