import { describe, expect, it } from 'vitest';
import type { MeasurementStore } from '../../../src/core/store/MeasurementStore';
import type { StoreStatus } from '../../../src/core/store/storeStatus';
import { storeNotice } from '../../../src/services/storeNotices';

const chain = { ok: true, auditRows: 0, records: 0, head: '0'.repeat(64), problem: null };
const withStatus = (notices: string[]) => ({ status: async (): Promise<StoreStatus> => ({ location: 'x', chain, recovery: null, backup: null, holdBackups: false, notices }) }) as unknown as MeasurementStore;

describe('store notice at start', () => {
  it('joins the notices of the store status; nothing when there are none, no store, or no status', async () => {
    expect(await storeNotice(withStatus(['Restored from backup b.', 'Chain broken.']))).toBe('Restored from backup b. Chain broken.');
    expect(await storeNotice(withStatus([]))).toBeNull();
    expect(await storeNotice(null)).toBeNull();
    expect(await storeNotice({} as MeasurementStore)).toBeNull();
  });

  it('a store that could not open rejects with its reason', async () => {
    const failing = { status: () => Promise.reject(new Error('measurement store unavailable: disk full')) } as unknown as MeasurementStore;
    await expect(storeNotice(failing)).rejects.toThrow('disk full');
  });
});
