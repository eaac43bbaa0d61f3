import type { MeasurementStore } from '../store/MeasurementStore';
import type { RestoredRecord } from './restoreRecord';

/**
 * Saves a record read back from our SEG + SR (readResults) into the measurement store, under the
 * importing reader's name: every change is audited as any edit is (the original authors and times
 * stay in the objects). Saving what the store already holds is no edit, so importing the same
 * objects twice changes nothing. A store without segmentations (the Electron IPC store) skips them,
 * and says so.
 */
export async function importRestored(store: MeasurementStore, record: RestoredRecord, reader: string): Promise<{ rois: number; measurements: number; segmentations: number; warnings: string[] }> {
  const warnings: string[] = [];
  for (const r of record.rois) await store.saveRoi(r.key, r.roi, reader, r.measured);
  for (const m of record.measurements) await store.saveMeasurement({ id: m.id, key: m.key, name: m.name, role: m.role, payload: m.payload }, reader);
  let segmentations = 0;
  for (const s of record.segmentations) {
    if (!store.saveSegmentation) {
      warnings.push(`lesion segmentation "${s.name}" not imported: this store does not keep segmentations`);
      continue;
    }
    await store.saveSegmentation({ id: s.id, key: s.key, name: s.name, role: s.role, dims: s.dims, affine: s.affine, labels: s.labels }, reader);
    segmentations++;
  }
  return { rois: record.rois.length, measurements: record.measurements.length, segmentations, warnings };
}
