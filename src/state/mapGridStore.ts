import { create } from 'zustand';
import type { Vec3 } from '../core/math/types';
import type { Layout, ViewportSlot } from './viewportStore';

/** Which computation's maps the grid shows: the CT perfusion maps or the DTI fit's. */
export type MapGridModel = 'perfusion' | 'dti';

/** What the viewports showed before the map grid, put back when the reader leaves it. */
export interface SavedViewports {
  layout: Layout;
  slots: ViewportSlot[];
  active: number;
  /** Linked scrolling as the reader had it (the grid turns it on). */
  linked: boolean;
}

interface MapGridState {
  /** The model of the grid on screen; null when no map grid is shown. */
  model: MapGridModel | null;
  saved: SavedViewports | null;
  /**
   * Grid panes still to be brought to the slice the reader was on (LPS mm) once their map is
   * shown: each pane's viewport is made anew and would otherwise open on its middle slice.
   */
  pendingSlice: { point: Vec3; slots: number[] } | null;
  set(change: Partial<Omit<MapGridState, 'set'>>): void;
}

/** The 2×2 map grid (one action shows four maps of one computation, linked; leaving restores the layout before it). */
export const useMapGridStore = create<MapGridState>()((set) => ({
  model: null,
  saved: null,
  pendingSlice: null,
  set: (change) => set(change),
}));
