import { create } from 'zustand';
import type { RoiRatio } from '../core/mirror/ratios';
import type { MeasurementKey, PlanarRoi, RoiRole, RoiStats } from '../core/measure/types';
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

/** The record's ROIs and other measurements as the tables show them (the mirror plane, ABC/2 and brush have their own stores). */
interface RoiState {
  rois: RoiRow[];
  /** Length, Bidirectional, Probe and ABC/2 measurements as stored (stamps once the store has answered). */
  measurements: (MeasurementInput | MeasurementRecord)[];
  /** Increases after every store write, so views reading the record (the export) read it again. */
  recordRevision: number;
  /** Ipsilateral/contralateral ratios by contralateral ROI id. */
  ratios: Record<string, RoiRatio[]>;
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
  rois: [],
  measurements: [],
  recordRevision: 0,
  ratios: {},
  message: null,
  set: (change) => set(change),
}));
