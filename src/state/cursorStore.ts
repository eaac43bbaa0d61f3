import { create } from 'zustand';
import type { Vec3 } from '../core/math/types';

/** The mouse over a viewport: the slot and the LPS point (mm) under it. */
export interface CursorPoint {
  slot: number;
  point: Vec3;
}

interface CursorState {
  /** null while the mouse is over no viewport with an image. */
  cursor: CursorPoint | null;
  setCursor(cursor: CursorPoint | null): void;
}

/** Where the mouse points, so the other linked viewports mark the same spot (and read their map there). */
export const useCursorStore = create<CursorState>()((set) => ({
  cursor: null,
  setCursor: (cursor) => set({ cursor }),
}));
