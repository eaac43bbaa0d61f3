import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

/**
 * Automatic backups of the measurement database: a `backups` folder beside it, one file per
 * backup named with its UTC time (so names sort by age), the newest `keep` kept. Taken with
 * SQLite's online backup (better-sqlite3 `backup()`), which copies a consistent snapshot while the
 * app keeps working, into a temporary name renamed when complete: a backup file is always whole.
 */

/** How many backups are kept by default (taken at each open and quit: the last few sessions). */
export const BACKUPS_KEPT = 5;

/** A filesystem-safe UTC timestamp, e.g. 2026-12-07T16-55-11-123Z; sorts like the time. */
export function fileStamp(iso: string): string {
  return iso.replace(/[:.]/g, '-');
}

export function backupsDirOf(dbPath: string): string {
  return join(dirname(dbPath), 'backups');
}

function stemOf(dbPath: string): string {
  return basename(dbPath, extname(dbPath));
}

/** Backups of `dbPath`, newest first (full paths). */
export function listBackups(dbPath: string): string[] {
  const dir = backupsDirOf(dbPath);
  if (!existsSync(dir)) return [];
  const prefix = `${stemOf(dbPath)}-`;
  return readdirSync(dir)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.sqlite'))
    .sort()
    .reverse()
    .map((name) => join(dir, name));
}

/** What can back itself up (SqliteMeasurementStore). */
export interface BackupSource {
  backupTo(target: string): Promise<void>;
}

/** Takes a backup of the database at `dbPath` through `source`, stamped `iso`, and keeps the newest `keep`; returns its path. */
export async function takeBackup(source: BackupSource, dbPath: string, iso: string, keep = BACKUPS_KEPT): Promise<string> {
  const dir = backupsDirOf(dbPath);
  mkdirSync(dir, { recursive: true });
  let target = join(dir, `${stemOf(dbPath)}-${fileStamp(iso)}.sqlite`);
  for (let n = 2; existsSync(target); n++) target = join(dir, `${stemOf(dbPath)}-${fileStamp(iso)}-${n}.sqlite`);
  const partial = `${target}.partial`;
  try {
    await source.backupTo(partial);
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
  for (const old of listBackups(dbPath).slice(keep)) rmSync(old, { force: true });
  return target;
}

/** What closes with a last backup (SqliteMeasurementStore). */
export interface ClosableStore extends BackupSource {
  readonly path: string;
  /** Set when the record failed a check at open: it is not backed up (see statusAtOpen). */
  readonly holdBackups: boolean;
  close(): Promise<void>;
}

/**
 * At quit: the session's last backup, then close (which checkpoints the WAL). The store is closed
 * even when the backup fails; the error is rethrown for the caller to log. Returns the backup's path.
 */
export async function closeWithBackup(store: ClosableStore, keep = BACKUPS_KEPT): Promise<string | null> {
  try {
    return store.holdBackups ? null : await takeBackup(store, store.path, new Date().toISOString(), keep);
  } finally {
    await store.close();
  }
}
