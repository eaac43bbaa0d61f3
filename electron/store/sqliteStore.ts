import type { Database, Statement } from 'better-sqlite3';
import type { MeasurementKey, PlanarRoi } from '../../src/core/measure/types.js';
import { canonicalJson } from '../../src/core/store/canonicalJson.js';
import type { MeasurementStore } from '../../src/core/store/MeasurementStore.js';
import { planSave } from '../../src/core/store/planEdit.js';
import type {
  AuditAction,
  AuditEntry,
  MeasurementInput,
  MeasurementRecord,
  RoiMeasured,
  RoiSnapshot,
  SegmentationInput,
  SegmentationSnapshot,
  StoreScope,
  StoredRoi,
  StoredSegmentation,
} from '../../src/core/store/records.js';
import { roiSnapshot, storedRoiOf } from '../../src/core/store/records.js';
import { fromSegmentationSnapshot, toSegmentationSnapshot } from '../../src/core/store/labelCodec.js';
import { isSeriesScope } from '../../src/core/store/scope.js';
import { migrate } from './migrations.js';

type Driver = typeof import('better-sqlite3');

/** Options of a store; `now` gives the ISO timestamp of each edit (injected so tests can pin it). */
export interface SqliteStoreOptions {
  now?: () => string;
  /**
   * Loads better-sqlite3 when the store opens. Defaults to a dynamic import (vitest, tsx); the
   * bundled CommonJS main passes a plain `require`, which Node resolves like any other module.
   */
  loadDriver?: () => Driver | Promise<Driver>;
}

interface EntityRow {
  id: string;
  content_json: string;
  created_by: string;
  updated_by: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

interface AuditRow {
  seq: number;
  roi_id: string | null;
  measurement_id: string | null;
  segmentation_id: string | null;
  action: AuditAction;
  reader: string;
  at: string;
  before_json: string | null;
  after_json: string | null;
}

type Table = 'rois' | 'measurements' | 'segmentations';

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

function toAuditEntry(row: AuditRow): AuditEntry {
  const base = { seq: row.seq, action: row.action, reader: row.reader, at: row.at };
  const before = row.before_json === null ? null : JSON.parse(row.before_json);
  const after = row.after_json === null ? null : JSON.parse(row.after_json);
  if (row.roi_id !== null) return { ...base, entity: 'roi', entityId: row.roi_id, before, after };
  if (row.segmentation_id !== null) return { ...base, entity: 'segmentation', entityId: row.segmentation_id, before, after };
  return { ...base, entity: 'measurement', entityId: row.measurement_id as string, before, after };
}

/**
 * The measurement store over one SQLite database (better-sqlite3, synchronous; the async API is
 * the shared interface). Each save or delete is one transaction holding the row change and its
 * audit row, so after a crash either both are on disk or neither is.
 */
export class SqliteMeasurementStore implements MeasurementStore {
  private readonly now: () => string;
  private readonly rois;
  private readonly measurements;
  private readonly segmentations;
  private readonly insertAudit;
  private readonly historyOf: Statement<[string, string, string], AuditRow>;
  private readonly saveEntity;
  private readonly deleteEntity;

  constructor(
    private readonly db: Database,
    options: SqliteStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date().toISOString());
    migrate(db);
    this.rois = entityStatements(db, 'rois');
    this.measurements = entityStatements(db, 'measurements');
    this.segmentations = entityStatements(db, 'segmentations');
    this.insertAudit = db.prepare(
      `INSERT INTO audit (roi_id, measurement_id, segmentation_id, action, reader, at, before_json, after_json)
       VALUES (@roiId, @measurementId, @segmentationId, @action, @reader, @at, @before, @after)`,
    );
    this.historyOf = db.prepare('SELECT * FROM audit WHERE roi_id = ? OR measurement_id = ? OR segmentation_id = ? ORDER BY seq');

    this.saveEntity = db.transaction(
      (table: Table, id: string, key: MeasurementKey, content: unknown, kind: string | null, reader: string): EntityRow => {
        const statements = this.statementsOf(table);
        const row = statements.get.get(id);
        const json = canonicalJson(content);
        const action = planSave(row ? { json: row.content_json, deleted: row.deleted_at !== null } : null, json);
        if (action === null) return row as EntityRow;
        const at = this.now();
        const params = { id, kind, study: key.studyInstanceUID, series: key.seriesInstanceUID, frame: key.frameOfReferenceUID, json, reader, at };
        (row ? statements.update : statements.insert).run(params);
        this.audit(table, id, action, reader, at, action === 'update' ? row!.content_json : null, json);
        return statements.get.get(id) as EntityRow;
      },
    );
    this.deleteEntity = db.transaction((table: Table, id: string, reader: string): boolean => {
      const statements = this.statementsOf(table);
      const row = statements.get.get(id);
      if (!row || row.deleted_at !== null) return false;
      const at = this.now();
      statements.softDelete.run(reader, at, at, id);
      this.audit(table, id, 'delete', reader, at, row.content_json, null);
      return true;
    });
  }

  private statementsOf(table: Table) {
    return table === 'rois' ? this.rois : table === 'measurements' ? this.measurements : this.segmentations;
  }

  private audit(table: Table, id: string, action: AuditAction, reader: string, at: string, before: string | null, after: string | null): void {
    this.insertAudit.run({
      roiId: table === 'rois' ? id : null,
      measurementId: table === 'measurements' ? id : null,
      segmentationId: table === 'segmentations' ? id : null,
      action,
      reader,
      at,
      before,
      after,
    });
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

  async history(id: string): Promise<AuditEntry[]> {
    return this.historyOf.all(id, id, id).map(toAuditEntry);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private list(statements: ReturnType<typeof entityStatements>, scope: StoreScope): EntityRow[] {
    return isSeriesScope(scope)
      ? statements.bySeries.all(scope.studyInstanceUID, scope.seriesInstanceUID, scope.frameOfReferenceUID)
      : statements.byStudy.all(scope.studyInstanceUID);
  }
}

/**
 * Opens (creating if needed) the measurement database at `path` (in Electron:
 * `userData/measurements.sqlite`) with crash-safe settings: WAL journal so a killed process never
 * leaves a half-written page in the main file, `synchronous=FULL` so a committed transaction is
 * on disk before the call returns (WAL's default NORMAL may lose the last commits on power loss),
 * foreign keys enforced. better-sqlite3 is loaded here, not at module load, so the main process
 * still starts (and reports the store as unavailable) when the native module cannot load.
 */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<SqliteMeasurementStore> {
  const BetterSqlite3 = options.loadDriver ? await options.loadDriver() : (await import('better-sqlite3')).default;
  const db = new BetterSqlite3(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    return new SqliteMeasurementStore(db, options);
  } catch (error) {
    db.close();
    throw error;
  }
}
