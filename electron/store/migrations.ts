import type { Database } from 'better-sqlite3';
import { sealUnchainedAudit } from './sqliteChain.js';

/** One schema step: SQL, or a function for a step SQL alone cannot do (hashing); run inside the step's transaction. */
export type Migration = string | ((db: Database) => void);

/**
 * Schema of the measurement database, as an append-only list: migration i brings the schema from
 * version i to i + 1. Never edit a shipped entry (readers' databases already ran it); add one.
 *
 * Listings order by rowid, which for rows never removed is creation order.
 * Entity rows are never removed (soft delete via `deleted_at`), so the audit table's foreign keys
 * always hold; exactly one of its `roi_id` / `measurement_id` / `segmentation_id` (v2) / `read_id` (v4) is set. Triggers make the audit
 * append-only and entity rows undeletable in the database itself, not just by this code.
 */
export const MIGRATIONS: readonly Migration[] = [
  `
  CREATE TABLE rois (
    id TEXT PRIMARY KEY,
    study_uid TEXT NOT NULL,
    series_uid TEXT NOT NULL,
    frame_of_reference_uid TEXT,
    content_json TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
  );
  CREATE INDEX rois_by_series ON rois (study_uid, series_uid);
  CREATE TABLE measurements (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('length', 'bidirectional', 'abc2', 'probe')),
    study_uid TEXT NOT NULL,
    series_uid TEXT NOT NULL,
    frame_of_reference_uid TEXT,
    content_json TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
  );
  CREATE INDEX measurements_by_series ON measurements (study_uid, series_uid);
  CREATE TABLE audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    roi_id TEXT REFERENCES rois (id),
    measurement_id TEXT REFERENCES measurements (id),
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore')),
    reader TEXT NOT NULL,
    at TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    CHECK ((roi_id IS NULL) <> (measurement_id IS NULL))
  );
  CREATE INDEX audit_by_roi ON audit (roi_id, seq);
  CREATE INDEX audit_by_measurement ON audit (measurement_id, seq);
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
  CREATE TRIGGER rois_no_delete BEFORE DELETE ON rois BEGIN SELECT RAISE(ABORT, 'ROIs are soft-deleted (deleted_at)'); END;
  CREATE TRIGGER measurements_no_delete BEFORE DELETE ON measurements BEGIN SELECT RAISE(ABORT, 'measurements are soft-deleted (deleted_at)'); END;
  `,
  // 2: labelmap segmentations (content_json holds the labels deflated + base64, see labelCodec).
  // The audit gains segmentation_id; a CHECK cannot be altered in SQLite, so the audit table is
  // rebuilt with every row, seq kept (dropping a table fires none of its triggers).
  `
  CREATE TABLE segmentations (
    id TEXT PRIMARY KEY,
    study_uid TEXT NOT NULL,
    series_uid TEXT NOT NULL,
    frame_of_reference_uid TEXT,
    content_json TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
  );
  CREATE INDEX segmentations_by_series ON segmentations (study_uid, series_uid);
  CREATE TRIGGER segmentations_no_delete BEFORE DELETE ON segmentations BEGIN SELECT RAISE(ABORT, 'segmentations are soft-deleted (deleted_at)'); END;
  CREATE TABLE audit_v2 (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    roi_id TEXT REFERENCES rois (id),
    measurement_id TEXT REFERENCES measurements (id),
    segmentation_id TEXT REFERENCES segmentations (id),
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore')),
    reader TEXT NOT NULL,
    at TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    CHECK ((roi_id IS NOT NULL) + (measurement_id IS NOT NULL) + (segmentation_id IS NOT NULL) = 1)
  );
  INSERT INTO audit_v2 (seq, roi_id, measurement_id, action, reader, at, before_json, after_json)
    SELECT seq, roi_id, measurement_id, action, reader, at, before_json, after_json FROM audit ORDER BY seq;
  DROP TABLE audit;
  ALTER TABLE audit_v2 RENAME TO audit;
  CREATE INDEX audit_by_roi ON audit (roi_id, seq);
  CREATE INDEX audit_by_measurement ON audit (measurement_id, seq);
  CREATE INDEX audit_by_segmentation ON audit (segmentation_id, seq);
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
  `,
  // 3: the audit hash chain (src/core/store/auditChain.ts). Rows already there are sealed as found:
  // the append-only trigger is lifted for this one step, inside its transaction, and put back.
  (db) => {
    db.exec(`
      ALTER TABLE audit ADD COLUMN state_hash TEXT;
      ALTER TABLE audit ADD COLUMN hash TEXT;
      DROP TRIGGER audit_no_update;
    `);
    sealUnchainedAudit(db);
    db.exec(`CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;`);
  },
  // 4: trial reads (content_json holds the ReadInput: reader, role, the structured read). The audit
  // gains read_id; as in step 2 the table is rebuilt with every row, seq and hashes kept (the link
  // text names the entity, not the column, so the chain stays valid).
  `
  CREATE TABLE reads (
    id TEXT PRIMARY KEY,
    study_uid TEXT NOT NULL,
    series_uid TEXT NOT NULL,
    frame_of_reference_uid TEXT,
    content_json TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
  );
  CREATE INDEX reads_by_study ON reads (study_uid);
  CREATE TRIGGER reads_no_delete BEFORE DELETE ON reads BEGIN SELECT RAISE(ABORT, 'reads are soft-deleted (deleted_at)'); END;
  CREATE TABLE audit_v4 (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    roi_id TEXT REFERENCES rois (id),
    measurement_id TEXT REFERENCES measurements (id),
    segmentation_id TEXT REFERENCES segmentations (id),
    read_id TEXT REFERENCES reads (id),
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore')),
    reader TEXT NOT NULL,
    at TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    state_hash TEXT,
    hash TEXT,
    CHECK ((roi_id IS NOT NULL) + (measurement_id IS NOT NULL) + (segmentation_id IS NOT NULL) + (read_id IS NOT NULL) = 1)
  );
  INSERT INTO audit_v4 (seq, roi_id, measurement_id, segmentation_id, action, reader, at, before_json, after_json, state_hash, hash)
    SELECT seq, roi_id, measurement_id, segmentation_id, action, reader, at, before_json, after_json, state_hash, hash FROM audit ORDER BY seq;
  DROP TABLE audit;
  ALTER TABLE audit_v4 RENAME TO audit;
  CREATE INDEX audit_by_roi ON audit (roi_id, seq);
  CREATE INDEX audit_by_measurement ON audit (measurement_id, seq);
  CREATE INDEX audit_by_segmentation ON audit (segmentation_id, seq);
  CREATE INDEX audit_by_read ON audit (read_id, seq);
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
  `,
  // 5: measurement kind 'perfusionVolumes' (saved CT perfusion core/hypoperfused/mismatch volumes).
  // A CHECK cannot be altered, so the measurements table is rebuilt with every row, rowid kept
  // (listing order); migrate() runs the steps with foreign keys off, so the audit's references
  // survive the drop, and checks them before committing.
  `
  CREATE TABLE measurements_v5 (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('length', 'bidirectional', 'abc2', 'probe', 'perfusionVolumes')),
    study_uid TEXT NOT NULL,
    series_uid TEXT NOT NULL,
    frame_of_reference_uid TEXT,
    content_json TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
  );
  INSERT INTO measurements_v5 (rowid, id, kind, study_uid, series_uid, frame_of_reference_uid, content_json, created_by, updated_by, created_at, updated_at, deleted_at)
    SELECT rowid, id, kind, study_uid, series_uid, frame_of_reference_uid, content_json, created_by, updated_by, created_at, updated_at, deleted_at FROM measurements ORDER BY rowid;
  DROP TABLE measurements;
  ALTER TABLE measurements_v5 RENAME TO measurements;
  CREATE INDEX measurements_by_series ON measurements (study_uid, series_uid);
  CREATE TRIGGER measurements_no_delete BEFORE DELETE ON measurements BEGIN SELECT RAISE(ABORT, 'measurements are soft-deleted (deleted_at)'); END;
  `,
];

/** The database was written by a newer version of the app; opening it could lose data. */
export class StoreTooNewError extends Error {
  constructor(readonly found: number) {
    super(`measurement database has schema version ${found}, this app knows up to ${MIGRATIONS.length}: update the app`);
    this.name = 'StoreTooNewError';
  }
}

/** Brings `db` to the latest schema, each step in its own transaction with its version row; returns the version. */
export function migrate(db: Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const { current } = db.prepare('SELECT COALESCE(MAX(version), 0) AS current FROM schema_version').get() as { current: number };
  if (current > MIGRATIONS.length) throw new StoreTooNewError(current);
  const record = db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)');
  // A step may rebuild a table others reference (step 5): SQLite's own procedure turns foreign
  // keys off outside the transaction (the pragma is ignored inside one) and checks them before commit.
  const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
  if (current < MIGRATIONS.length) db.pragma('foreign_keys = OFF');
  try {
    for (let version = current; version < MIGRATIONS.length; version++) {
      db.transaction(() => {
        const step = MIGRATIONS[version];
        if (typeof step === 'string') db.exec(step);
        else step(db);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`schema step ${version + 1} left ${broken.length} broken references`);
        record.run(version + 1, new Date().toISOString());
      }).immediate();
    }
  } finally {
    if (enforced) db.pragma('foreign_keys = ON');
  }
  return MIGRATIONS.length;
}
