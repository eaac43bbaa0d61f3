import type { ChainReport } from './auditChain.js';

/**
 * What a store found when it opened, for the UI to tell the reader: where the record lives, the
 * audit chain check, and any recovery. `notices` are whole sentences to show as they are; empty
 * when nothing needs the reader's attention.
 */
export interface StoreStatus {
  /** Where the record lives: the database file path (desktop) or the IndexedDB database name (web). */
  location: string;
  chain: ChainReport;
  /** Set when the database failed its integrity check at open and was moved aside. */
  recovery: {
    /** The corrupt file, renamed with a timestamp, kept for inspection. */
    quarantinedTo: string;
    /** The backup restored in its place, or null when there was none (the store started empty). */
    restoredFrom: string | null;
  } | null;
  /** The backup taken at this open, or null (web build, or not taken: the reason is in `notices`). */
  backup: string | null;
  /**
   * True when the record failed a check at open (broken chain, audit rows missing since the last
   * backup): no backup is taken this session, so the rotation keeps the ones from before.
   */
  holdBackups: boolean;
  notices: string[];
}
