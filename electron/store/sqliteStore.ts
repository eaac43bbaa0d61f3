import type { Database, Statement } from 'better-sqlite3';
import type { MeasurementKey, PlanarRoi } from '../../src/core/measure/types.js';
import { canonicalJson } from '../../src/core/store/canonicalJson.js';
import type { MeasurementStore } from '../../src/core/store/MeasurementStore.js';
import { planSave } from '../../src/core/store/planEdit.js';
import type {
  AuditEntry,
  MeasurementInput,
  MeasurementRecord,
  ReadInput,
  RoiMeasured,
  RoiSnapshot,
  SegmentationInput,
  SegmentationSnapshot,
  StoreScope,
  StoredRead,
  StoredRoi,
  StoredSegmentation,
} from '../../src/core/store/records.js';
import { roiSnapshot, storedRoiOf } from '../../src/core/store/records.js';
import { fromSegmentationSnapshot, toSegmentationSnapshot } from '../../src/core/store/labelCodec.js';
import { isSeriesScope } from '../../src/core/store/scope.js';
import type { ChainReport } from '../../src/core/store/auditChain.js';
import type { StoreStatus } from '../../src/core/store/storeStatus.js';
import { migrate } from './migrations.js';
import { appendAudit, verifySqliteChain, type AuditRow, type EntityRow, type Table } from './sqliteChain.js';
import { lockAware } from './storeErrors.js';
import { backupHeadMissing, describeBackupHeadMissing } from './backupHead.js';
import { recoverIfDamaged, statusAtOpen } from './openChecks.js';

type Driver = typeof import('better-sqlite3');

/** Options of a store; `now` gives the ISO timestamp of each edit (injected so tests can pin it). */
export interface SqliteStoreOptions {
  now?: () => string;
  /**
   * Loads better-sqlite3 when the store opens. Defaults to a dynamic import (vitest, tsx); the
   * bundled CommonJS main passes a plain `require`, which Node resolves like any other module.
   */
  loadDriver?: () => Driver | Promise<Driver>;
  /**
   * How long a write waits for another connection's lock before failing with StoreLockedError.
   * better-sqlite3 is synchronous, so this blocks the main process: kept short (default 1000 ms).
   */
  busyTimeoutMs?: number;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 1000;

/** Prepared statements of one entity table (rois, measurements and segmentations share the layout). */
function entityStatements(db: Database, table: Table) {
  const kindColumn = table === 'measurements' ? ', kind' : '';
  const kindValue = table === 'measurements' ? ', @kind' : '';
  return {
    get: db.prepare(`SELECT * FROM ${table} WHERE id = ?`) as Statement<[string], EntityRow>,
    insert: db.prepare(
      `INSERT INTO ${table} (id${kindColumn}, study_uid, series_uid, frame_of_reference_uid, content_json, created_by, updated_by, created_at, updated_at)
       VALUES (@id${kindValue}, @study, @series, @frame, @json, @reader, @reader, @at, @at)`,
    ),
    update: db.prepare(
      `UPDATE ${table} SET ${table === 'measurements' ? 'kind = @kind, ' : ''}study_uid = @study, series_uid = @series,
       frame_of_reference_uid = @frame, content_json = @json, updated_by = @reader, updated_at = @at, deleted_at = NULL WHERE id = @id`,
    ),
    softDelete: db.prepare(`UPDATE ${table} SET updated_by = ?, updated_at = ?, deleted_at = ? WHERE id = ?`),
    bySeries: db.prepare(
      `SELECT * FROM ${table} WHERE deleted_at IS NULL AND study_uid = ? AND series_uid = ? AND frame_of_reference_uid IS ? ORDER BY rowid`,
    ) as Statement<[string, string, string | null], EntityRow>,
    byStudy: db.prepare(`SELECT * FROM ${table} WHERE deleted_at IS NULL AND study_uid = ? ORDER BY rowid`) as Statement<[string], EntityRow>,
  };
}

function stamps(row: EntityRow) {
  return { createdBy: row.created_by, updatedBy: row.updated_by, createdAt: row.created_at, updatedAt: row.updated_at };
}

function toStoredRoi(row: EntityRow): StoredRoi {
  return storedRoiOf(JSON.parse(row.content_json) as RoiSnapshot, stamps(row));
}

function toMeasurement(row: EntityRow): MeasurementRecord {
  const input = JSON.parse(row.content_json) as MeasurementInput;
  return { ...input, kind: input.payload.kind, ...stamps(row) };
}

function toSegmentation(row: EntityRow): StoredSegmentation {
  return fromSegmentationSnapshot(JSON.parse(row.content_json) as SegmentationSnapshot, stamps(row));
}

function toRead(row: EntityRow): StoredRead {
  return { ...(JSON.parse(row.content_json) as ReadInput), ...stamps(row) };
}

function toAuditEntry(row: AuditRow): AuditEntry {
  const base = { seq: row.seq, action: row.action, reader: row.reader, at: row.at };
  const before = row.before_json === null ? null : JSON.parse(row.before_json);
  const after = row.after_json === null ? null : JSON.parse(row.after_json);
  if (row.roi_id !== null) return { ...base, entity: 'roi', entityId: row.roi_id, before, after };
  if (row.segmentation_id !== null) return { ...base, entity: 'segmentation', entityId: row.segmentation_id, before, after };
  if (row.read_id != null) return { ...base, entity: 'read', entityId: row.read_id, before, after };
  return { ...base, entity: 'measurement', entityId: row.measurement_id as string, before, after };
}

/**
 * The measurement store over one SQLite database (better-sqlite3, synchronous; the async API is
 * the shared interface). Each save or delete is one transaction holding the row change and its
 * audit row, so after a crash either both are on disk or neither is. Audit rows are hash-chained,
 * each also hashing the row it left (sqliteChain.ts); `verify()` checks the chain and every row.
 */
export class SqliteMeasurementStore implements MeasurementStore {
  private readonly now: () => string;
  private readonly rois;
  private readonly measurements;
  private readonly segmentations;
  private readonly reads;
  private readonly historyOf: Statement<[string, string, string, string], AuditRow>;
  private readonly saveEntity;
  private readonly deleteEntity;
  private readonly busyTimeoutMs: number;
  /** Set by the opener (openSqliteStore) once its checks ran. */
  openStatus: StoreStatus | null = null;

  constructor(
    private readonly db: Database,
    options: SqliteStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date().toISOString());
    this.busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    lockAware(() => migrate(db), this.busyTimeoutMs);
    this.rois = entityStatements(db, 'rois');
    this.measurements = entityStatements(db, 'measurements');
    this.segmentations = entityStatements(db, 'segmentations');
    this.reads = entityStatements(db, 'reads');
    this.historyOf = db.prepare('SELECT * FROM audit WHERE roi_id = ? OR measurement_id = ? OR segmentation_id = ? OR read_id = ? ORDER BY seq');

    // Each edit is BEGIN IMMEDIATE: it takes the write lock first, so a lock held elsewhere waits
    // out the busy timeout at BEGIN rather than failing at once when a read turns into a write.
    const saveEntity = db.transaction(
      (table: Table, id: string, key: MeasurementKey, content: unknown, kind: string | null, reader: string): EntityRow => {
        const statements = this.statementsOf(table);
        const row = statements.get.get(id);
        const json = canonicalJson(content);
        const action = planSave(row ? { json: row.content_json, deleted: row.deleted_at !== null } : null, json);
        if (action === null) return row as EntityRow;
        const at = this.now();
        const params = { id, kind, study: key.studyInstanceUID, series: key.seriesInstanceUID, frame: key.frameOfReferenceUID, json, reader, at };
        (row ? statements.update : statements.insert).run(params);
        const stored = statements.get.get(id) as EntityRow;
        appendAudit(db, { table, row: stored, action, reader, at, before: action === 'update' ? row!.content_json : null, after: json });
        return stored;
      },
    );
    this.saveEntity = (...args: Parameters<typeof saveEntity>) => lockAware(() => saveEntity.immediate(...args), this.busyTimeoutMs);
    const deleteEntity = db.transaction((table: Table, id: string, reader: string): boolean => {
      const statements = this.statementsOf(table);
      const row = statements.get.get(id);
      if (!row || row.deleted_at !== null) return false;
      const at = this.now();
      statements.softDelete.run(reader, at, at, id);
      appendAudit(db, { table, row: statements.get.get(id) as EntityRow, action: 'delete', reader, at, before: row.content_json, after: null });
      return true;
    });
    this.deleteEntity = (...args: Parameters<typeof deleteEntity>) => lockAware(() => deleteEntity.immediate(...args), this.busyTimeoutMs);
  }

  private statementsOf(table: Table) {
    return table === 'rois' ? this.rois : table === 'measurements' ? this.measurements : table === 'segmentations' ? this.segmentations : this.reads;
  }

  async saveRoi(key: MeasurementKey, roi: PlanarRoi, reader: string, measured?: RoiMeasured | null): Promise<StoredRoi> {
    const snapshot = roiSnapshot(key, roi, measured);
    return toStoredRoi(this.saveEntity('rois', roi.id, key, snapshot, null, reader));
  }

  async deleteRoi(id: string, reader: string): Promise<boolean> {
    return this.deleteEntity('rois', id, reader);
  }

  async listRois(scope: StoreScope): Promise<StoredRoi[]> {
    return this.list(this.rois, scope).map(toStoredRoi);
  }

  async saveMeasurement(input: MeasurementInput, reader: string): Promise<MeasurementRecord> {
    return toMeasurement(this.saveEntity('measurements', input.id, input.key, input, input.payload.kind, reader));
  }

  async deleteMeasurement(id: string, reader: string): Promise<boolean> {
    return this.deleteEntity('measurements', id, reader);
  }

  async listMeasurements(scope: StoreScope): Promise<MeasurementRecord[]> {
    return this.list(this.measurements, scope).map(toMeasurement);
  }

  async saveSegmentation(input: SegmentationInput, reader: string): Promise<StoredSegmentation> {
    return toSegmentation(this.saveEntity('segmentations', input.id, input.key, toSegmentationSnapshot(input), null, reader));
  }

  async deleteSegmentation(id: string, reader: string): Promise<boolean> {
    return this.deleteEntity('segmentations', id, reader);
  }

  async listSegmentations(scope: StoreScope): Promise<StoredSegmentation[]> {
    return this.list(this.segmentations, scope).map(toSegmentation);
  }

  async saveRead(input: ReadInput, reader: string): Promise<StoredRead> {
    return toRead(this.saveEntity('reads', input.id, input.key, input, null, reader));
  }

  async listReads(scope: StoreScope): Promise<StoredRead[]> {
    return this.list(this.reads, scope).map(toRead);
  }

  async history(id: string): Promise<AuditEntry[]> {
    return lockAware(() => this.historyOf.all(id, id, id, id).map(toAuditEntry), this.busyTimeoutMs);
  }

  async verify(): Promise<ChainReport> {
    return lockAware(() => verifySqliteChain(this.db), this.busyTimeoutMs);
  }

  async status(): Promise<StoreStatus> {
    if (this.openStatus) return this.openStatus;
    const chain = await this.verify();
    return { location: this.db.name, chain, recovery: null, backup: null, holdBackups: !chain.ok, notices: [] };
  }

  /** better-sqlite3's online backup of the live database to `target` (other statements may run meanwhile). */
  async backupTo(target: string): Promise<void> {
    await this.db.backup(target);
  }

  /** The database file this store writes. */
  get path(): string {
    return this.db.name;
  }

  get holdBackups(): boolean {
    return this.openStatus?.holdBackups ?? true;
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private list(statements: ReturnType<typeof entityStatements>, scope: StoreScope): EntityRow[] {
    return lockAware(
      () =>
        isSeriesScope(scope)
          ? statements.bySeries.all(scope.studyInstanceUID, scope.seriesInstanceUID, scope.frameOfReferenceUID)
          : statements.byStudy.all(scope.studyInstanceUID),
      this.busyTimeoutMs,
    );
  }
}

/**
 * Opens (creating if needed) the measurement database at `path` (in Electron:
 * `userData/measurements.sqlite`) with crash-safe settings: WAL journal so a killed process never
 * leaves a half-written page in the main file, `synchronous=FULL` so a committed transaction is
 * on disk before the call returns (WAL's default NORMAL may lose the last commits on power loss),
 * foreign keys enforced, a short busy timeout (writes wait that long for another connection's
 * lock, then fail with StoreLockedError). better-sqlite3 is loaded here, not at module load, so
 * the main process still starts (and reports the store as unavailable) when it cannot load.
 *
 * Before use the file is checked (`PRAGMA quick_check`; a damaged one is moved aside and the
 * newest sound backup restored), then the audit chain is verified and, with `keepBackups`, a
 * backup taken; `status()` reports all of it for the UI.
 */
export async function openSqliteStore(path: string, options: SqliteStoreOptions & { keepBackups?: number } = {}): Promise<SqliteMeasurementStore> {
  const BetterSqlite3 = options.loadDriver ? await options.loadDriver() : (await import('better-sqlite3')).default;
  // File names carry the wall-clock time (options.now stamps edits only).
  const iso = new Date().toISOString();
  const recovery = recoverIfDamaged(BetterSqlite3, path, iso);
  const db = new BetterSqlite3(path);
  let store: SqliteMeasurementStore;
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
    store = new SqliteMeasurementStore(db, options);
    store.openStatus = await statusAtOpen(store, path, recovery, iso, options.keepBackups ?? null, () => {
      const missing = backupHeadMissing(BetterSqlite3, db, path);
      return missing && `${describeBackupHeadMissing(missing, path)} The record was left as it is and no backup was taken; compare it with that backup.`;
    });
  } catch (error) {
    db.close();
    throw error;
  }
  return store;
}
