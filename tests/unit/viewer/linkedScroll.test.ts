import { beforeEach, describe, expect, it } from 'vitest';
import type { DicomIndex, SeriesEntry } from '../../../src/core/dicom/types';
import type { Vec3 } from '../../../src/core/math/types';
import { useStudyStore } from '../../../src/state/studyStore';
import { useSyncStore } from '../../../src/state/syncStore';
import { useViewportStore } from '../../../src/state/viewportStore';
import { propagateSlice, toggleManualSync } from '../../../src/ui/linkedScroll';
import { controllers, type SliceController, type SlicePlane } from '../../../src/viewer/SliceController';

/** A viewport at a slice plane that records where it was asked to jump (moving there, as a real one would). */
function fakeController(plane: SlicePlane): SliceController & { jumps: Vec3[] } {
  const jumps: Vec3[] = [];
  return {
    jumps,
    applyPreset: () => undefined,
    toggleInvert: () => undefined,
    reset: () => undefined,
    scroll: () => undefined,
    slicePlane: () => plane,
    canvasToWorld: () => null,
    worldToCanvas: () => null,
    jumpTo(point) {
      jumps.push(point);
      plane.point = point;
    },
    destroy: () => undefined,
  };
}

function series(uid: string, frame: string): SeriesEntry {
  return { seriesInstanceUID: uid, frameOfReferenceUID: frame } as SeriesEntry;
}

const axial: Vec3 = [0, 0, 1];

beforeEach(() => {
  controllers.clear();
  const index = { patients: [{ studies: [{ series: [series('A', 'F1'), series('B', 'F1'), series('C', 'F2')] }] }] } as unknown as DicomIndex;
  useStudyStore.setState({ index });
  useViewportStore.getState().clear();
  useViewportStore.getState().setLayout('2x2');
  ['A', 'B', 'C'].forEach((uid, slot) => useViewportStore.getState().showSeries(uid, slot));
  useSyncStore.setState({ linked: true, manualOffsets: null });
});

describe('linked scrolling', () => {
  it('moves viewports in the same frame of reference to the scrolled slice, not those in another frame', () => {
    const a = fakeController({ point: [10, 20, 42], normal: axial, spacing: 2 });
    const b = fakeController({ point: [0, 0, 30], normal: axial, spacing: 2 });
    const c = fakeController({ point: [0, 0, 30], normal: axial, spacing: 2 });
    [a, b, c].forEach((ctl, slot) => controllers.set(slot, ctl));
    propagateSlice(0);
    expect(b.jumps).toEqual([[10, 20, 42]]);
    expect(c.jumps).toEqual([]);
  });

  it('leaves crossing orientations and unlinked viewports alone', () => {
    const a = fakeController({ point: [0, 0, 42], normal: axial, spacing: 2 });
    const coronal = fakeController({ point: [0, 5, 0], normal: [0, 1, 0], spacing: 2 });
    controllers.set(0, a);
    controllers.set(1, coronal);
    propagateSlice(0);
    expect(coronal.jumps).toEqual([]);
    useSyncStore.setState({ linked: false });
    const b = fakeController({ point: [0, 0, 0], normal: axial, spacing: 2 });
    controllers.set(1, b);
    propagateSlice(0);
    expect(b.jumps).toEqual([]);
  });

  it('keeps the locked offset between two timepoints in different frames (manual sync)', () => {
    const a = fakeController({ point: [0, 0, 10], normal: axial, spacing: 2 });
    const c = fakeController({ point: [0, 0, 25], normal: axial, spacing: 2 });
    controllers.set(0, a);
    controllers.set(2, c);
    toggleManualSync();
    expect(useSyncStore.getState().manualOffsets).toEqual({ 0: 10, 2: 25 });
    a.slicePlane()!.point = [0, 0, 14];
    propagateSlice(0);
    expect(c.jumps).toEqual([[0, 0, 29]]);
    toggleManualSync();
    expect(useSyncStore.getState().manualOffsets).toBeNull();
  });
});
