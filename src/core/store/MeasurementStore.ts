import type { MeasurementKey, PlanarRoi } from '../measure/types.js';
import type { ChainReport } from './auditChain.js';
import type { AuditEntry, MeasurementInput, MeasurementRecord, ReadInput, RoiMeasured, SegmentationInput, StoreScope, StoredRead, StoredRoi, StoredSegmentation } from './records.js';
import type { StoreStatus } from './storeStatus.js';

/**
 * Persistence of ROIs and measurements, one API for every host: SQLite in the Electron main
 * process (`electron/store/`), IndexedDB in the web build (`src/platform/browserStore.ts`).
 *
 * Every content change appends an audit row in the same transaction as the change, so the trail
 * can never miss an edit that is visible. Saving identical content is not an edit: no row, no
 * new `updatedAt`. Deletes are soft: the row disappears from listings, its history stays.
 */
export interface MeasurementStore {
  /**
   * Creates or updates the ROI `roi.id` under `key` with its statistics as computed (`measured`;
   * null or absent: none); returns it as stored. New statistics are an audited change like geometry.
   */
  saveRoi(key: MeasurementKey, roi: PlanarRoi, reader: string, measured?: RoiMeasured | null): Promise<StoredRoi>;
  /** Soft-deletes a live ROI; false when there is no live ROI with that id. */
  deleteRoi(id: string, reader: string): Promise<boolean>;
  /** Live ROIs of one series or of a whole study, in creation order. */
  listRois(scope: StoreScope): Promise<StoredRoi[]>;
  /** Creates or updates the measurement `input.id`; returns it as stored. */
  saveMeasurement(input: MeasurementInput, reader: string): Promise<MeasurementRecord>;
  /** Soft-deletes a live measurement; false when there is no live measurement with that id. */
  deleteMeasurement(id: string, reader: string): Promise<boolean>;
  /** Live measurements of one series or of a whole study, in creation order. */
  listMeasurements(scope: StoreScope): Promise<MeasurementRecord[]>;
  /**
   * Creates or updates the labelmap segmentation `input.id` under `key` (stored compressed);
   * returns it as stored. Optional: a host whose transport does not carry segmentations yet
   * (the Electron IPC store) leaves the three segmentation methods out.
   */
  saveSegmentation?(input: SegmentationInput, reader: string): Promise<StoredSegmentation>;
  /** Soft-deletes a live segmentation; false when there is none with that id. */
  deleteSegmentation?(id: string, reader: string): Promise<boolean>;
  /** Live segmentations of one series or of a whole study, in creation order, labels decoded. */
  listSegmentations?(scope: StoreScope): Promise<StoredSegmentation[]>;
  /**
   * Creates or updates the trial read `input.id` (a reader's structured read of a case, or its
   * consensus); returns it as stored. Optional like the segmentations: a host whose store does not
   * keep reads yet leaves both read methods out, and the reading panel says so.
   */
  saveRead?(input: ReadInput, reader: string): Promise<StoredRead>;
  /** Reads of the studies in scope (every reader's and the consensus), in creation order. */
  listReads?(scope: StoreScope): Promise<StoredRead[]>;
  /** Audit trail of one ROI, measurement, segmentation or read id, oldest first (empty for an unknown id). */
  history(id: string): Promise<AuditEntry[]>;
  /**
   * Checks the audit hash chain and every stored row against its latest audit row (auditChain.ts);
   * reports the first broken link. Optional: hosts without a chain leave it out.
   */
  verify?(): Promise<ChainReport>;
  /** What the store found when it opened (chain check, recovery from a corrupt file), for the UI to tell the reader. */
  status?(): Promise<StoreStatus>;
  /** Releases the underlying database; the store is unusable afterwards. */
  close(): Promise<void>;
}
