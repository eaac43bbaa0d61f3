import { beforeEach, describe, expect, it } from 'vitest';
import type { DicomIndex, SeriesEntry } from '../../../src/core/dicom/types';
import type { Vec3 } from '../../../src/core/math/types';
import { useStudyStore } from '../../../src/state/studyStore';
import { useSyncStore } from '../../../src/state/syncStore';
import { useViewportStore } from '../../../src/state/viewportStore';
import { crosshairCanvas, crosshairPointIn, setCrosshairAt } from '../../../src/ui/crosshair';
import { toggleManualSync } from '../../../src/ui/linkedScroll';
import { controllers, type SliceController, type SlicePlane } from '../../../src/viewer/SliceController';

/**
 * A viewport showing the plane `plane` at 0.5 mm per canvas pixel with canvas (0, 0) at LPS
 * `corner` and the canvas x, y axes along `right`, `down` (so canvas ↔ LPS is known exactly).
 */
function fakeViewport(plane: SlicePlane, corner: Vec3, right: Vec3, down: Vec3): SliceController & { jumps: Vec3[] } {
  const jumps: Vec3[] = [];
  const mm = 0.5;
  const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  return {
    jumps,
    applyPreset: () => undefined,
    toggleInvert: () => undefined,
    reset: () => undefined,
    scroll: () => undefined,
    slicePlane: () => plane,
    jumpTo(point) {
      jumps.push(point);
      plane.point = point;
    },
    canvasToWorld: (x, y) => corner.map((c, i) => c + (x * right[i] + y * down[i]) * mm) as Vec3,
    worldToCanvas(point) {
      const d = point.map((p, i) => p - corner[i]) as Vec3;
      return [dot(d, right) / mm, dot(d, down) / mm];
    },
    destroy: () => undefined,
  };
}

function series(uid: string, frame: string): SeriesEntry {
  return { seriesInstanceUID: uid, frameOfReferenceUID: frame } as SeriesEntry;
}

const L: Vec3 = [1, 0, 0];
const P: Vec3 = [0, 1, 0];
const I: Vec3 = [0, 0, -1];
const S: Vec3 = [0, 0, 1];

let axialSame: ReturnType<typeof fakeViewport>;
let coronal: ReturnType<typeof fakeViewport>;
let axialOther: ReturnType<typeof fakeViewport>;

beforeEach(() => {
  controllers.clear();
  // Slots 0 and 1: one series (frame F1); slot 2: a later timepoint in frame F2.
  const index = { patients: [{ studies: [{ series: [series('A', 'F1'), series('C', 'F2')] }] }] } as unknown as DicomIndex;
  useStudyStore.setState({ index });
  useViewportStore.getState().clear();
  useViewportStore.getState().setLayout('2x2');
  useViewportStore.getState().showSeries('A', 0);
  useViewportStore.getState().showSeries('A', 1);
  useViewportStore.getState().showSeries('C', 2);
  useSyncStore.setState({ linked: true, manualOffsets: null, crosshairOn: true, crosshair: null });
  // Coronal at P = 10 mm: canvas x runs R→L (+x LPS), y runs S→I; canvas (0, 0) at L −50, S 60.
  coronal = fakeViewport({ point: [0, 10, 0], normal: P, spacing: 2 }, [-50, 10, 60], L, I);
  // Axial stacks at S = 0 and S = 30, canvas x R→L, y A→P, canvas (0, 0) at (−50, −50).
  axialSame = fakeViewport({ point: [0, 0, 0], normal: S, spacing: 2 }, [-50, -50, 0], L, P);
  axialOther = fakeViewport({ point: [0, 0, 30], normal: S, spacing: 2 }, [-50, -50, 30], L, P);
  controllers.set(0, axialSame);
  controllers.set(1, coronal);
  controllers.set(2, axialOther);
});

describe('crosshair', () => {
  it('sets the LPS point under the click and moves the same-frame viewport to its slice, not the other frame', () => {
    setCrosshairAt(1, 120, 40);
    // Canvas (120, 40) at 0.5 mm/px from (−50, 10, 60): 60 mm towards L, 20 mm towards I.
    expect(useSyncStore.getState().crosshair).toEqual({ point: [10, 10, 40], slot: 1 });
    expect(axialSame.jumps).toEqual([[10, 10, 40]]);
    expect(axialOther.jumps).toEqual([]);
    expect(crosshairPointIn(2)).toBeNull();
    expect(coronal.jumps).toEqual([]);
  });

  it('draws the cross where the point projects in each linked viewport, and nowhere when the mode is off', () => {
    setCrosshairAt(1, 120, 40);
    expect(crosshairCanvas(1)).toEqual([120, 40]);
    // Axial canvas of (10, 10, 40): 60 mm to L and 60 mm to P of (−50, −50).
    expect(crosshairCanvas(0)).toEqual([120, 120]);
    expect(crosshairCanvas(2)).toBeNull();
    useSyncStore.getState().toggleCrosshair();
    expect(crosshairCanvas(0)).toBeNull();
    expect(useSyncStore.getState().crosshair).toBeNull();
  });

  it('carries the point to another timepoint by the manual-sync offset along that viewport’s normal', () => {
    controllers.delete(1);
    toggleManualSync();
    expect(useSyncStore.getState().manualOffsets).toEqual({ 0: 0, 2: 30 });
    setCrosshairAt(0, 100, 80);
    // Axial canvas (100, 80) → (0, −10, 0); the day-14 stack was locked 30 mm higher.
    expect(useSyncStore.getState().crosshair?.point).toEqual([0, -10, 0]);
    expect(axialOther.jumps).toEqual([[0, -10, 30]]);
    expect(crosshairPointIn(2)).toEqual([0, -10, 30]);
  });

  it('ignores a click in a viewport that shows no image yet', () => {
    controllers.set(3, { ...fakeViewport({ point: [0, 0, 0], normal: S, spacing: 2 }, [0, 0, 0], L, P), canvasToWorld: () => null });
    setCrosshairAt(3, 10, 10);
    expect(useSyncStore.getState().crosshair).toBeNull();
    expect(axialSame.jumps).toEqual([]);
  });
});
