import { create } from 'zustand';
import type { RoiRatio } from '../core/mirror/ratios';
import type { MeasurementKey, PlanarRoi, Plane, RoiRole, RoiStats } from '../core/measure/types';
import type { MeasurementInput, MeasurementRecord, RoiMeasured } from '../core/store/records';

/**
 * One ROI as the table shows it: the projection of its stored record. Geometry (LPS mm), where it
 * belongs, and its statistics as recorded (`measured`: per map, with the fit they came from);
 * `stats` repeats `measured.stats` (empty until maps of its series were loaded once).
 */
export interface RoiRow {
  roi: PlanarRoi;
  key: MeasurementKey;
  /** One entry per map (fa, md, ad, rd unitless / mm²/s, b0 signal units). */
  stats: RoiStats[];
  measured: RoiMeasured | null;
}

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

/** The brush-painted lesion of the current fit: its statistics on every map (volumeMl set, areaMm2 NaN). */
export interface BrushLesion {
  key: MeasurementKey;
  stats: RoiStats[];
  voxels: number;
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

export type PlaneStatus = 'none' | 'estimating' | 'ready' | 'error';

interface RoiState {
  /** Cornerstone tool on the left mouse button. */
  primaryTool: string;
  rois: RoiRow[];
  /** Length, Bidirectional, Probe and ABC/2 measurements as stored (stamps once the store has answered). */
  measurements: (MeasurementInput | MeasurementRecord)[];
  /** Increases after every store write, so views reading the record (the export) read it again. */
  recordRevision: number;
  /** Ipsilateral/contralateral ratios by contralateral ROI id. */
  ratios: Record<string, RoiRatio[]>;
  /** Mid-sagittal plane used for mirroring (estimate + offset), LPS mm. */
  plane: Plane | null;
  /** Signed distance of the plane from the LPS origin along its normal, mm (what the panel prints). */
  planeDistanceMm: number | null;
  planeOffsetMm: number;
  /** Angle between the reader's plane and the estimate, degrees (0 until the trace is turned by dragging an end). */
  planeTiltDeg: number;
  planeStatus: PlaneStatus;
  abc2: Abc2State;
  brush: BrushLesion | null;
  /** When the brush lesion of `brush.key` was last stored (ISO 8601), null until saved or restored. */
  brushSavedAt: string | null;
  /** Last failure of a measurement action (store unreachable, no maps...), shown in the panel. */
  message: string | null;
  set(change: Partial<Omit<RoiState, 'set'>>): void;
}

/** ROI labels the table offers, in table order. */
export const ROI_ROLES: { value: RoiRole; label: string }[] = [
  { value: 'infarct-core', label: 'Infarct core' },
  { value: 'contralateral-mirror', label: 'Contralateral mirror' },
  { value: 'perilesional', label: 'Perilesional' },
  { value: 'other', label: 'Other' },
];

export const useRoiStore = create<RoiState>()((set) => ({
  primaryTool: 'WindowLevel',
  rois: [],
  measurements: [],
  recordRevision: 0,
  ratios: {},
  plane: null,
  planeDistanceMm: null,
  planeOffsetMm: 0,
  planeTiltDeg: 0,
  planeStatus: 'none',
  abc2: EMPTY_ABC2,
  brush: null,
  brushSavedAt: null,
  message: null,
  set: (change) => set(change),
}));
