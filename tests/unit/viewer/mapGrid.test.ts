import { beforeEach, describe, expect, it } from 'vitest';
import type { DicomIndex, SeriesEntry } from '../../../src/core/dicom/types';
import type { Vec3 } from '../../../src/core/math/types';
import { useDtiStore, type DtiResult } from '../../../src/state/dtiStore';
import { useMapGridStore } from '../../../src/state/mapGridStore';
import { usePerfusionStore, type PerfusionComputation } from '../../../src/state/perfusionStore';
import { useStudyStore } from '../../../src/state/studyStore';
import { useSyncStore } from '../../../src/state/syncStore';
import { useViewportStore, type MapLayer } from '../../../src/state/viewportStore';
import { clearCursor, linkedCursorIn, setCursorAt } from '../../../src/ui/linkedCursor';
import { gridModelFor, mapGridShown, mapGridSlots, mapShownIn, modelOfMap, toggleMapGrid } from '../../../src/ui/mapGrid';
import { controllers, type SliceController, type SlicePlane } from '../../../src/viewer/SliceController';

/** An axial viewport at 0.5 mm per canvas pixel, canvas (0, 0) at LPS (−50, −50, S of its plane), x → L, y → P. */
function axial(s: number): SliceController & { jumps: Vec3[]; plane: SlicePlane } {
  const plane: SlicePlane = { point: [0, 0, s], normal: [0, 0, 1], spacing: 2 };
  const jumps: Vec3[] = [];
  return {
    plane,
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
    canvasToWorld: (x, y) => [-50 + x * 0.5, -50 + y * 0.5, plane.point[2]],
    worldToCanvas: (p) => [(p[0] + 50) / 0.5, (p[1] + 50) / 0.5],
    destroy: () => undefined,
  };
}

const series = (uid: string, frame: string) => ({ seriesInstanceUID: uid, frameOfReferenceUID: frame }) as SeriesEntry;
const perfusion = { seriesUID: 'CTP', kind: 'perfusion' } as unknown as PerfusionComputation;
const dti = { seriesUID: 'DWI' } as unknown as DtiResult;
const cbfFused: MapLayer = { map: 'cbf', colormap: 'grey', fused: true, opacity: 0.4, threshold: 20, orientation: 'axial' };

beforeEach(() => {
  controllers.clear();
  const index = { patients: [{ studies: [{ series: [series('CTP', 'F1'), series('DWI', 'F2')] }] }] } as unknown as DicomIndex;
  useStudyStore.setState({ index });
  useViewportStore.getState().clear();
  useViewportStore.getState().setLayout('1x2');
  useViewportStore.getState().showMap(0, 'CTP', cbfFused);
  useViewportStore.getState().showSeries('DWI', 1);
  useViewportStore.getState().setActive(0);
  useSyncStore.setState({ linked: false, manualOffsets: null, crosshairOn: false, crosshair: null });
  useMapGridStore.setState({ model: null, saved: null, pendingSlice: null });
  usePerfusionStore.setState({ result: perfusion });
  useDtiStore.setState({ result: dti });
});

describe('map grid layout', () => {
  it('lays out the four default maps, keeping the display of a map already shown and the active orientation', () => {
    const slots = mapGridSlots('CTP', ['cbf', 'cbv', 'tmax', 'ps'], 'coronal', useViewportStore.getState().slots);
    expect(slots.map((s) => s.map?.map)).toEqual(['cbf', 'cbv', 'tmax', 'ps']);
    expect(slots.every((s) => s.seriesUID === 'CTP' && s.map?.orientation === 'coronal')).toBe(true);
    // CBF was fused in greyscale at 40 %: kept. The others: the perfusion rainbow, alone, threshold 0.
    expect(slots[0].map).toEqual({ ...cbfFused, orientation: 'coronal' });
    expect(slots[1].map).toEqual({ map: 'cbv', colormap: 'perfusion', fused: false, opacity: 0.6, threshold: 0, orientation: 'coronal' });
    // DTI maps start as the DTI panel shows them: greyscale, FA threshold 0.2, diffusivities 1000 × 10⁻⁶ mm²/s.
    const d = mapGridSlots('DWI', ['fa', 'md', 'ad', 'rd'], 'axial', []);
    expect(d.map((s) => [s.map?.colormap, s.map?.threshold])).toEqual([['grey', 0.2], ['grey', 1000], ['grey', 1000], ['grey', 1000]]);
  });

  it('picks the maps of the active viewport’s computation, else perfusion, else DTI', () => {
    expect(gridModelFor('DWI', perfusion, dti)).toBe('dti');
    expect(gridModelFor('CTP', perfusion, dti)).toBe('perfusion');
    expect(gridModelFor('T1', perfusion, dti)).toBe('perfusion');
    expect(gridModelFor('T1', null, dti)).toBe('dti');
    expect(gridModelFor('T1', null, null)).toBeNull();
    expect(modelOfMap('tmax')).toBe('perfusion');
    expect(modelOfMap('rd')).toBe('dti');
  });

  it('shows CBF, CBV, Tmax, PS linked on the reader’s slice, and puts back the layout, viewports and link state', () => {
    const before = useViewportStore.getState().slots;
    const reader = axial(24);
    controllers.set(0, reader);
    expect(toggleMapGrid()).toBe(true);
    const v = useViewportStore.getState();
    expect(v.layout).toBe('2x2');
    expect(v.active).toBe(0);
    expect(v.slots.map((s) => s.map?.map)).toEqual(['cbf', 'cbv', 'tmax', 'ps']);
    expect(useSyncStore.getState().linked).toBe(true);
    expect(mapGridShown('perfusion')).toBe(true);

    // Each pane is brought to S 24 once its map is shown, once only.
    const panes = [axial(24), axial(0), axial(0), axial(0)];
    panes.forEach((p, i) => controllers.set(i, p));
    for (const slot of [2, 0, 1, 3]) mapShownIn(slot);
    expect(panes.map((p) => p.plane.point[2])).toEqual([24, 24, 24, 24]);
    expect(useMapGridStore.getState().pendingSlice).toBeNull();
    mapShownIn(1);
    expect(panes[1].jumps).toHaveLength(1);

    expect(toggleMapGrid()).toBe(true);
    const after = useViewportStore.getState();
    expect(after.layout).toBe('1x2');
    expect(after.slots.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(useSyncStore.getState().linked).toBe(false);
    expect(mapGridShown()).toBe(false);
  });

  it('switches a shown grid to the DTI maps and still goes back to the layout before the first grid', () => {
    toggleMapGrid('perfusion');
    useViewportStore.getState().setActive(2);
    expect(toggleMapGrid('dti')).toBe(true);
    expect(useViewportStore.getState().slots.map((s) => `${s.seriesUID}:${s.map?.map}`)).toEqual(['DWI:fa', 'DWI:md', 'DWI:ad', 'DWI:rd']);
    // The DTI panel's button leaves the DTI grid; the layout is the one before any grid.
    toggleMapGrid('dti');
    expect(useViewportStore.getState().layout).toBe('1x2');
    expect(useViewportStore.getState().slots[1].seriesUID).toBe('DWI');
    expect(useViewportStore.getState().slots[1].map).toBeNull();
  });

  it('forgets the grid when the reader left it through another layout: the next grid returns to that layout', () => {
    toggleMapGrid();
    useViewportStore.getState().setLayout('1x1');
    expect(mapGridShown()).toBe(false);
    toggleMapGrid();
    toggleMapGrid();
    expect(useViewportStore.getState().layout).toBe('1x1');
  });

  it('brings back empty a viewport whose series is no longer open', () => {
    toggleMapGrid();
    useStudyStore.setState({ index: { patients: [{ studies: [{ series: [series('CTP', 'F1')] }] }] } as unknown as DicomIndex });
    toggleMapGrid();
    expect(useViewportStore.getState().slots.slice(0, 2).map((s) => s.seriesUID)).toEqual(['CTP', null]);
  });

  it('does nothing without maps', () => {
    usePerfusionStore.setState({ result: null });
    useDtiStore.setState({ result: null });
    expect(toggleMapGrid()).toBe(false);
    expect(useViewportStore.getState().layout).toBe('1x2');
  });
});

describe('linked cursor', () => {
  beforeEach(() => {
    toggleMapGrid('perfusion');
  });

  it('marks the point under the mouse in the other panes on the same slice, not in its own, and clears on leave', () => {
    const panes = [axial(10), axial(10), axial(10.5), axial(20)];
    panes.forEach((p, i) => controllers.set(i, p));
    setCursorAt(1, 100, 60);
    // Canvas (100, 60) of pane 2 → LPS (0, −20, 10): the same canvas point in the others (same camera here).
    expect(linkedCursorIn(1)).toBeNull();
    expect(linkedCursorIn(0)).toEqual({ point: [0, -20, 10], canvas: [100, 60] });
    expect(linkedCursorIn(2)).toEqual({ point: [0, -20, 10], canvas: [100, 60] });
    // 10 mm off pane 4's slice (half a slice is 1 mm): no mark.
    expect(linkedCursorIn(3)).toBeNull();
    clearCursor(0);
    expect(linkedCursorIn(0)).not.toBeNull();
    clearCursor(1);
    expect(linkedCursorIn(0)).toBeNull();
  });

  it('marks nothing in a pane of another frame of reference', () => {
    useViewportStore.getState().showSeries('DWI', 3);
    [axial(10), axial(10), axial(10), axial(10)].forEach((p, i) => controllers.set(i, p));
    setCursorAt(0, 100, 100);
    expect(linkedCursorIn(1)).not.toBeNull();
    expect(linkedCursorIn(3)).toBeNull();
  });
});
