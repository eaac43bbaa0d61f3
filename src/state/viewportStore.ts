import { create } from 'zustand';

export type Layout = '1x1' | '1x2' | '2x1' | '2x2';
export const LAYOUTS: Layout[] = ['1x1', '1x2', '2x1', '2x2'];
/** Viewport count per layout (rows × columns). */
export const LAYOUT_CELLS: Record<Layout, { rows: number; cols: number }> = {
  '1x1': { rows: 1, cols: 1 },
  '1x2': { rows: 1, cols: 2 },
  '2x1': { rows: 2, cols: 1 },
  '2x2': { rows: 2, cols: 2 },
};

/** What a viewport shows: a series and, for diffusion, which volume (0 = first b0). */
export interface ViewportSlot {
  seriesUID: string | null;
  volume: number;
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
  /** Shows a series in the active viewport, starting at volume 0. */
  showSeries(seriesUID: string, slot?: number): void;
  setVolume(slot: number, volume: number): void;
  report(slot: number, readout: ViewportReadout): void;
  clear(): void;
}

const emptySlots = (): ViewportSlot[] => Array.from({ length: 4 }, () => ({ seriesUID: null, volume: 0 }));

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
  showSeries: (seriesUID, slot) =>
    set((s) => {
      const target = slot ?? s.active;
      const slots = s.slots.map((v, i) => (i === target ? { seriesUID, volume: 0 } : v));
      return { slots };
    }),
  setVolume: (slot, volume) =>
    set((s) => ({ slots: s.slots.map((v, i) => (i === slot ? { ...v, volume } : v)) })),
  report: (slot, readout) => set((s) => ({ readouts: { ...s.readouts, [slot]: readout } })),
  clear: () => set({ slots: emptySlots(), readouts: {}, active: 0 }),
}));
