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

/** The newest backup's last audit link, which the database no longer holds as it was. */
export interface BackupHeadMissing {
  backup: string;
  seq: number;
  /** True when the database has no audit row `seq` at all; false when it holds a different one. */
  rowGone: boolean;
}

/**
 * The hash chain cannot see rows removed from its end (with the rows they describe put back as
 * they were). The newest backup can: its last link must still be in the database. Null when it
 * is, or when there is no chained backup to compare with.
 */
export function backupHeadMissing(Driver: Driver, db: Database, dbPath: string): BackupHeadMissing | null {
  const [newest] = listBackups(dbPath);
  const head = newest ? lastLinkOf(Driver, newest) : null;
  if (!head) return null;
  const held = db.prepare('SELECT hash FROM audit WHERE seq = ?').pluck().get(head.seq) as string | undefined;
  return held === head.hash ? null : { backup: newest, seq: head.seq, rowGone: held === undefined };
}

export function describeBackupHeadMissing(missing: BackupHeadMissing, dbPath: string): string {
  return (
    `The audit trail of ${dbPath} no longer holds audit row ${missing.seq} that the backup ${missing.backup} ends with ` +
    `(${missing.rowGone ? 'the row is gone' : 'the row differs'}): audit rows were removed or rewritten since.`
  );
}
