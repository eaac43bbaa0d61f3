import { existsSync } from 'node:fs';
import { describeChainReport, type ChainReport } from '../../src/core/store/auditChain.js';
import type { StoreStatus } from '../../src/core/store/storeStatus.js';
import { takeBackup, type BackupSource } from './backups.js';
import { damageOf, quarantine, restoreNewestBackup } from './recovery.js';

type Driver = typeof import('better-sqlite3');

/** What the opener learnt before opening the database for use. */
export interface Recovery {
  recovery: StoreStatus['recovery'];
  notices: string[];
}

/**
 * Before the store opens `path`: `PRAGMA quick_check`; a damaged file is moved aside with a
 * timestamp and the newest sound backup copied in its place. Nothing is deleted, and the notice
 * says where each file went and what the reader may be missing.
 */
export function recoverIfDamaged(Driver: Driver, path: string, iso: string): Recovery {
  if (!existsSync(path)) return { recovery: null, notices: [] };
  const damage = damageOf(Driver, path);
  if (damage.length === 0) return { recovery: null, notices: [] };
  const quarantinedTo = quarantine(path, iso);
  const restoredFrom = restoreNewestBackup(Driver, path);
  const found = `The measurement database ${path} failed its integrity check at open (${damage.slice(0, 3).join('; ')}).`;
  const done = restoredFrom
    ? `It was moved to ${quarantinedTo} and the backup ${restoredFrom} restored: edits made after that backup are not in the record (the moved file still holds what survived).`
    : `It was moved to ${quarantinedTo}; no sound backup was found, so the record starts empty (the moved file still holds what survived).`;
  return { recovery: { quarantinedTo, restoredFrom }, notices: [`${found} ${done}`] };
}

/** What the store must offer for the checks after it opened. */
export interface OpenedStore extends BackupSource {
  verify(): Promise<ChainReport>;
}

/**
 * After the store opened: checks the audit chain (and, through `truncation`, that the newest
 * backup's last link is still there), and takes the backup of this open when `keepBackups` is
 * set. A broken chain is reported and no backup taken, so the rotation never pushes out the
 * backups from before the break.
 */
export async function statusAtOpen(
  store: OpenedStore,
  path: string,
  before: Recovery,
  iso: string,
  keepBackups: number | null,
  truncation: () => string | null = () => null,
): Promise<StoreStatus> {
  const notices = [...before.notices];
  const chain = await store.verify();
  const truncated = chain.ok ? truncation() : null;
  let backup: string | null = null;
  if (truncated !== null) {
    notices.push(truncated);
  } else if (!chain.ok) {
    notices.push(
      `The audit trail of ${path} does not check out: ${describeChainReport(chain)}. A record may have been changed outside the app; ` +
        `it was left as it is and no backup was taken (the earlier backups are kept). Check it with: npm run cli -- verify-store "${path}".`,
    );
  } else if (keepBackups !== null) {
    try {
      backup = await takeBackup(store, path, iso, keepBackups);
    } catch (error) {
      notices.push(`The backup of ${path} at open failed (${error instanceof Error ? error.message : String(error)}): the last backup is older.`);
    }
  }
  return { location: path, chain, recovery: before.recovery, backup, holdBackups: !chain.ok || truncated !== null, notices };
}
