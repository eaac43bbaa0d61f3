import type { Database } from 'better-sqlite3';
import { listBackups } from './backups.js';

type Driver = typeof import('better-sqlite3');

interface Link {
  seq: number;
  hash: string;
}

const LAST_LINK = 'SELECT seq, hash FROM audit WHERE hash IS NOT NULL ORDER BY seq DESC LIMIT 1';

/** The last chained audit link of a database file; null when it has none or cannot be read (e.g. a backup from before the chain). */
function lastLinkOf(Driver: Driver, file: string): Link | null {
  let db: Database | null = null;
  try {
    db = new Driver(file, { readonly: true, fileMustExist: true });
    return (db.prepare(LAST_LINK).get() as Link | undefined) ?? null;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

/**
 * The hash chain cannot see rows removed from its end (with the rows they describe put back as
 * they were). The newest backup can: its last link must still be in the database. Returns a
 * notice when it is not, null when it is (or there is no chained backup to compare with).
 */
export function truncatedSinceBackup(Driver: Driver, db: Database, dbPath: string): string | null {
  const [newest] = listBackups(dbPath);
  const head = newest ? lastLinkOf(Driver, newest) : null;
  if (!head) return null;
  const held = db.prepare('SELECT hash FROM audit WHERE seq = ?').pluck().get(head.seq) as string | undefined;
  if (held === head.hash) return null;
  return (
    `The audit trail of ${dbPath} no longer holds audit row ${head.seq} that the backup ${newest} ends with ` +
    `(${held === undefined ? 'the row is gone' : 'the row differs'}): audit rows were removed or rewritten since. ` +
    `The record was left as it is and no backup was taken; compare it with that backup.`
  );
}
