import { create } from 'zustand';
import type { MeasurementKey } from '../core/measure/types';

/** A slice the reader marked for C: its index in the viewport and its location along the slice normal, mm. */
export interface MarkedSlice {
  index: number;
  locationMm: number;
}

export interface LesionSegmentation {
  source: 'brush' | 'threshold';
  /** MD threshold, mm²/s (threshold source only). */
  thresholdMd: number | null;
  voxels: number;
  planimetricMl: number;
  kothariCMm: number;
}

/** ABC/2 working state of the series being measured (A, B from a Bidirectional; C from marked slices or Kothari). */
export interface Abc2State {
  key: MeasurementKey | null;
  /** The stored ABC/2 record this state edits (null until first stored); re-measuring updates it. */
  recordId: string | null;
  /** Lesion name of the record (one ABC/2 per series, reader and name). */
  name: string;
  bidirectionalId: string | null;
  aMm: number | null;
  bMm: number | null;
  first: MarkedSlice | null;
  last: MarkedSlice | null;
  /** Slice spacing along the viewport normal, mm, taken when a slice was marked. */
  spacingMm: number | null;
  cMode: 'slices' | 'kothari';
  cMm: number | null;
  volumeMl: number | null;
  /**
   * The lesion segmentation ABC/2 is compared with: the reader's brush labelmap when painted,
   * otherwise the threshold one (MD below thresholdMd, connected, around the Bidirectional).
   * Planimetric volume mL and Kothari C mm.
   */
  segmentation: LesionSegmentation | null;
}

export const EMPTY_ABC2: Abc2State = {
  key: null,
  recordId: null,
  name: 'ABC/2',
  bidirectionalId: null,
  aMm: null,
  bMm: null,
  first: null,
  last: null,
  spacingMm: null,
  cMode: 'slices',
  cMm: null,
  volumeMl: null,
  segmentation: null,
};

interface Abc2StoreState {
  abc2: Abc2State;
  set(abc2: Abc2State): void;
}

/** The ABC/2 being measured: the working copy of the series' stored ABC/2 record. */
export const useAbc2Store = create<Abc2StoreState>()((set) => ({
  abc2: EMPTY_ABC2,
  set: (abc2) => set({ abc2 }),
}));
