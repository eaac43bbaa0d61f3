import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { fileStamp, listBackups } from './backups.js';
import { isLockError, StoreLockedError } from './storeErrors.js';

type Driver = typeof import('better-sqlite3');

/** SQLite's "this file is damaged" result codes, as opposed to locks or missing permissions. */
function isCorruptionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'));
}

/** `PRAGMA quick_check` of an open database: its problems, empty when it answers "ok". */
export function quickCheck(db: Database): string[] {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  return rows.map((r) => r.quick_check).filter((text) => text !== 'ok');
}

/**
 * Why the database file at `path` is damaged, or an empty list when it opens and passes
 * `quick_check`. A lock or a permission problem is not damage: those are thrown, never reported
 * here, so a healthy database is never moved aside.
 */
export function damageOf(Driver: Driver, path: string, options: { readonly?: boolean } = {}): string[] {
  let db: Database | null = null;
  try {
    db = new Driver(path, { readonly: options.readonly ?? false, fileMustExist: true });
    return quickCheck(db);
  } catch (error) {
    if (isCorruptionError(error)) return [error instanceof Error ? error.message : String(error)];
    if (isLockError(error)) throw new StoreLockedError(`measurement database ${path} is locked by another program: it could not be checked at open`);
    throw error;
  } finally {
    db?.close();
  }
}

/**
 * Moves the damaged database aside as `<path>.corrupt-<time>`, with its -wal and -shm files (a
 * WAL must never be applied to another database file); returns the new path of the database.
 */
export function quarantine(path: string, iso: string): string {
  const moved = `${path}.corrupt-${fileStamp(iso)}`;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, moved + suffix);
  return moved;
}

/** Copies the newest backup that passes `quick_check` to `path` (absent now); returns it, or null when none does. */
export function restoreNewestBackup(Driver: Driver, path: string): string | null {
  for (const backup of listBackups(path)) {
    let damage: string[];
    try {
      damage = damageOf(Driver, backup, { readonly: true });
    } catch {
      continue; // unreadable backup: try the one before
    }
    if (damage.length > 0) continue;
    const partial = `${path}.restoring`;
    copyFileSync(backup, partial);
    renameSync(partial, path);
    rmSync(`${path}-wal`, { force: true });
    rmSync(`${path}-shm`, { force: true });
    return backup;
  }
  return null;
}
