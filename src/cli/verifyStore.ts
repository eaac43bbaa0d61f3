import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { backupHeadMissing, describeBackupHeadMissing } from '../../electron/store/backupHead';
import { MIGRATIONS } from '../../electron/store/migrations';
import { quickCheck } from '../../electron/store/recovery';
import { verifySqliteChain } from '../../electron/store/sqliteChain';
import { describeChainReport, type ChainReport } from '../core/store/auditChain';

/** The schema version that introduced the audit hash chain (electron/store/migrations.ts, step 3). */
const CHAIN_SCHEMA_VERSION = 3;

export interface VerifyStoreResult {
  ok: boolean;
  /** What to print: a short report, or JSON with --json. */
  text: string;
}

interface Findings {
  file: string;
  schemaVersion: number | null;
  /** quick_check's problems; empty when the file is sound. */
  integrity: string[];
  chain: ChainReport | null;
  /** Why the chain could not be checked, when it could not. */
  reason: string | null;
  /** Set when the newest automatic backup (backups/ beside the file) ends with an audit row the database no longer holds. */
  truncated: string | null;
}

function schemaVersion(db: Database): number | null {
  const table = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`).get();
  return table ? (db.prepare('SELECT COALESCE(MAX(version), 0) FROM schema_version').pluck().get() as number) : null;
}

async function inspect(file: string): Promise<Findings> {
  const Driver = (await import('better-sqlite3')).default;
  // Read-only: verifying never changes the database (no migration, no checkpoint into it).
  const db = new Driver(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = quickCheck(db);
    if (integrity.length > 0) return { file, schemaVersion: null, integrity, chain: null, reason: 'the file is damaged (PRAGMA quick_check)', truncated: null };
    const version = schemaVersion(db);
    if (version === null) return { file, schemaVersion: null, integrity, chain: null, reason: 'not a DTI Trial Viewer measurement database (no schema_version table)', truncated: null };
    if (version < CHAIN_SCHEMA_VERSION) {
      return { file, schemaVersion: version, integrity, chain: null, reason: `schema version ${version} predates the audit chain (version ${CHAIN_SCHEMA_VERSION}): open it once in the app, which seals its audit rows, then verify again`, truncated: null };
    }
    const missing = backupHeadMissing(Driver, db, file);
    return { file, schemaVersion: version, integrity, chain: await verifySqliteChain(db), reason: null, truncated: missing && describeBackupHeadMissing(missing, file) };
  } finally {
    db.close();
  }
}

/**
 * `verify-store <db>`: checks a measurement database without changing it: SQLite's
 * `quick_check`, then the audit hash chain and every row against its last audit row
 * (src/core/store/auditChain.ts), and that the newest automatic backup's last audit row is still
 * there (rows cut from the end of the trail). Not ok when any check fails or cannot run.
 */
export async function runVerifyStore(path: string, options: { json?: boolean } = {}): Promise<VerifyStoreResult> {
  const file = resolve(path);
  if (!existsSync(file)) throw new Error(`${file}: no such file`);
  let findings: Findings;
  try {
    findings = await inspect(file);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    findings = { file, schemaVersion: null, integrity: [message], chain: null, reason: `the file could not be read as a SQLite database: ${message}`, truncated: null };
  }
  const ok = findings.chain?.ok === true && findings.truncated === null;
  if (options.json) return { ok, text: `${JSON.stringify({ ok, ...findings }, null, 2)}\n` };
  const lines = [
    findings.file,
    `  schema version: ${findings.schemaVersion ?? 'unknown'} (this app: ${MIGRATIONS.length})`,
    `  integrity: ${findings.integrity.length === 0 ? 'ok (PRAGMA quick_check)' : findings.integrity.slice(0, 5).join('; ')}`,
    `  ${findings.chain ? describeChainReport(findings.chain) : `audit chain NOT CHECKED: ${findings.reason}`}`,
    ...(findings.truncated ? [`  newest backup: ${findings.truncated}`] : []),
    ok ? 'OK' : 'FAILED',
  ];
  return { ok, text: `${lines.join('\n')}\n` };
}
