import { create } from 'zustand';
import type { ColormapName } from '../viewer/colormaps';
import type { MapName } from '../viewer/mapCatalog';

export type Layout = '1x1' | '1x2' | '2x1' | '2x2';
export const LAYOUTS: Layout[] = ['1x1', '1x2', '2x1', '2x2'];
/** Viewport count per layout (rows × columns). */
export const LAYOUT_CELLS: Record<Layout, { rows: number; cols: number }> = {
  '1x1': { rows: 1, cols: 1 },
  '1x2': { rows: 1, cols: 2 },
  '2x1': { rows: 2, cols: 1 },
  '2x2': { rows: 2, cols: 2 },
};

export type Orientation = 'axial' | 'coronal' | 'sagittal';

/**
 * A DTI map shown in a viewport (an orthographic volume viewport over the fit's local volumes).
 * `threshold` is in the map's display units (see mapCatalog): fused voxels below it stay transparent.
 */
export interface MapLayer {
  map: MapName;
  colormap: ColormapName;
  /** Drawn over the mean b0 instead of alone. */
  fused: boolean;
  /** Opacity of the fused map, 0..1. */
  opacity: number;
  threshold: number;
  orientation: Orientation;
}

export const DEFAULT_LAYER: MapLayer = { map: 'fa', colormap: 'grey', fused: false, opacity: 0.6, threshold: 0.2, orientation: 'axial' };

/** What a viewport shows: a series and, for diffusion, which volume (0 = first b0); or a DTI map of that series. */
export interface ViewportSlot {
  seriesUID: string | null;
  volume: number;
  map: MapLayer | null;
  /**
   * Reformat of the series' shown volume (a Cornerstone volume built from it) in this orientation;
   * absent or null = the acquired slices as a stack (fastest to scroll). Maps use `map.orientation`.
   */
  orientation?: Orientation | null;
}

/** What the overlay prints, reported by the Cornerstone viewport after each render. */
export interface ViewportReadout {
  /** 0-based slice index and count in the current volume. */
  slice: number;
  sliceCount: number;
  volume: number;
  volumeCount: number;
  /** b-value of the shown volume in s/mm², null when not diffusion. */
  bValue: number | null;
  /** Window width / centre in stored-value units after rescale (HU for CT). */
  ww: number;
  wc: number;
  /** Slice location: ImagePositionPatient projected on the slice normal, mm. */
  location: number | null;
  /** Patient mm per CSS pixel at the current zoom. */
  mmPerPixel: number | null;
  /** Orientation letters at the left, right, top and bottom edges. */
  edges: { left: string; right: string; top: string; bottom: string } | null;
  inverted: boolean;
  /**
   * CT perfusion (stack): the frame times of the shown slice's table position, s from the series'
   * first frame (volume t was acquired at frameTimesS[t]); null otherwise.
   */
  frameTimesS?: number[] | null;
  /** CT perfusion whose frame times could not be read: why (the frames then page in acquisition order). */
  timeProblem?: string | null;
  /** Probe: value under the cursor in display units (e.g. 'FA 0.532 @ 56,60,35'), null when off the volume. */
  probe?: string | null;
}

interface ViewportState {
  layout: Layout;
  /** Always 4 slots; the layout decides how many are visible. */
  slots: ViewportSlot[];
  active: number;
  readouts: Record<number, ViewportReadout | undefined>;
  setLayout(layout: Layout): void;
  cycleLayout(): void;
  setActive(index: number): void;
  /** Shows a series in `slot` (default: the active one), as its stack or, with `orientation`, as that reformat; from volume 0. */
  showSeries(seriesUID: string, slot?: number, orientation?: Orientation | null): void;
  setVolume(slot: number, volume: number): void;
  /** Reformats a slot's series volume (null = back to the acquired stack). */
  setOrientation(slot: number, orientation: Orientation | null): void;
  /** Shows a DTI map of `seriesUID` in a slot (null map = back to the series' images). */
  showMap(slot: number, seriesUID: string, layer: MapLayer | null): void;
  /** Changes the shown map's display (colour map, fusion, orientation...). */
  updateLayer(slot: number, change: Partial<MapLayer>): void;
  setProbe(slot: number, probe: string | null): void;
  /** Sets layout, slots and active viewport at once (the map grid shows four maps, then puts back what was there). */
  setViewports(layout: Layout, slots: ViewportSlot[], active: number): void;
  report(slot: number, readout: ViewportReadout): void;
  clear(): void;
}

const emptySlots = (): ViewportSlot[] => Array.from({ length: 4 }, () => ({ seriesUID: null, volume: 0, map: null }));

export const useViewportStore = create<ViewportState>()((set) => ({
  layout: '1x1',
  slots: emptySlots(),
  active: 0,
  readouts: {},
  setLayout: (layout) =>
    set((s) => {
      const { rows, cols } = LAYOUT_CELLS[layout];
      return { layout, active: Math.min(s.active, rows * cols - 1) };
    }),
  cycleLayout: () =>
    set((s) => {
      const layout = LAYOUTS[(LAYOUTS.indexOf(s.layout) + 1) % LAYOUTS.length];
      const { rows, cols } = LAYOUT_CELLS[layout];
      return { layout, active: Math.min(s.active, rows * cols - 1) };
    }),
  setActive: (active) => set({ active }),
  showSeries: (seriesUID, slot, orientation = null) =>
    set((s) => {
      const target = slot ?? s.active;
      const slots = s.slots.map((v, i) => (i === target ? { seriesUID, volume: 0, map: null, orientation } : v));
      return { slots };
    }),
  setVolume: (slot, volume) =>
    set((s) => ({ slots: s.slots.map((v, i) => (i === slot ? { ...v, volume } : v)) })),
  setOrientation: (slot, orientation) =>
    set((s) => ({ slots: s.slots.map((v, i) => (i === slot ? { ...v, orientation } : v)) })),
  showMap: (slot, seriesUID, map) =>
    set((s) => ({ slots: s.slots.map((v, i) => (i === slot ? { seriesUID, volume: 0, map } : v)) })),
  updateLayer: (slot, change) =>
    set((s) => ({ slots: s.slots.map((v, i) => (i === slot && v.map ? { ...v, map: { ...v.map, ...change } } : v)) })),
  setProbe: (slot, probe) =>
    set((s) => {
      const current = s.readouts[slot];
      return current && current.probe !== probe ? { readouts: { ...s.readouts, [slot]: { ...current, probe } } } : {};
    }),
  setViewports: (layout, slots, active) =>
    set(() => {
      const { rows, cols } = LAYOUT_CELLS[layout];
      return { layout, slots: [...slots, ...emptySlots()].slice(0, 4), active: Math.min(active, rows * cols - 1) };
    }),
  report: (slot, readout) => set((s) => ({ readouts: { ...s.readouts, [slot]: { ...readout, probe: s.readouts[slot]?.probe } } })),
  clear: () => set({ slots: emptySlots(), readouts: {}, active: 0 }),
}));
