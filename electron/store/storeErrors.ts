/**
 * The database is locked by another connection (another program holding a write transaction):
 * the busy timeout ran out, nothing was written. Typed so the IPC layer reports it as
 * STORE_LOCKED, which the reader can act on (close the other program, try again), not INTERNAL.
 */
export class StoreLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreLockedError';
  }
}

/** SQLite result codes of a lock held elsewhere (better-sqlite3 puts the extended code name in `code`). */
export function isLockError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Runs `work`, turning a lock error into a StoreLockedError that says how long it waited. */
export function lockAware<T>(work: () => T, busyTimeoutMs: number): T {
  try {
    return work();
  } catch (error) {
    if (isLockError(error)) {
      throw new StoreLockedError(
        `measurement database is locked by another connection (waited ${busyTimeoutMs} ms): nothing was saved; close the other program using it and try again`,
      );
    }
    throw error;
  }
}
