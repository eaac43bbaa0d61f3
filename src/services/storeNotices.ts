import type { MeasurementStore } from '../core/store/MeasurementStore';

/**
 * What the reader must be told about the record at start (the database was damaged and restored
 * from a backup, or its audit trail does not check out), as one message; null when all is well or
 * the host keeps no record. A store that failed to open rejects, with its reason.
 */
export async function storeNotice(store: MeasurementStore | null): Promise<string | null> {
  const status = await store?.status?.();
  return status && status.notices.length > 0 ? status.notices.join(' ') : null;
}
