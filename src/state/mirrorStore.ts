import { create } from 'zustand';
import type { Plane } from '../core/measure/types';

export type PlaneStatus = 'none' | 'estimating' | 'ready' | 'error';

/** The mid-sagittal plane ROIs are mirrored across, as the mirror panel shows it. */
interface MirrorState {
  /** Estimate + offset, LPS mm. */
  plane: Plane | null;
  /** Signed distance of the plane from the LPS origin along its normal, mm (what the panel prints). */
  planeDistanceMm: number | null;
  planeOffsetMm: number;
  /** Angle between the reader's plane and the estimate, degrees (0 until the trace is turned by dragging an end). */
  planeTiltDeg: number;
  planeStatus: PlaneStatus;
  set(change: Partial<Omit<MirrorState, 'set'>>): void;
}

export const useMirrorStore = create<MirrorState>()((set) => ({
  plane: null,
  planeDistanceMm: null,
  planeOffsetMm: 0,
  planeTiltDeg: 0,
  planeStatus: 'none',
  set: (change) => set(change),
}));
