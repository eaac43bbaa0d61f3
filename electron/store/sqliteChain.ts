import type { Database, Statement } from 'better-sqlite3';
import {
  entityStateText,
  GENESIS_HASH,
  linkText,
  verifyAuditChain,
  type AuditedEntity,
  type AuditLink,
  type ChainReport,
  type EntityState,
} from '../../src/core/store/auditChain.js';
import type { AuditAction } from '../../src/core/store/records.js';
import { sha256Hex } from '../../src/node/sha256.js';

/**
 * The audit hash chain (src/core/store/auditChain.ts) over the SQLite schema: row ↔ link and
 * row ↔ state mappings, appending a chained audit row, sealing rows written before the chain
 * existed (migration 3), and checking a whole database (app at open, `verify-store`).
 */

export type Table = 'rois' | 'measurements' | 'segmentations' | 'reads';

export const ENTITY_OF: Record<Table, AuditedEntity> = { rois: 'roi', measurements: 'measurement', segmentations: 'segmentation', reads: 'read' };
const TABLES: Table[] = ['rois', 'measurements', 'segmentations', 'reads'];

/** An entity row as `SELECT *` returns it (rois, measurements and segmentations share the layout; `kind` only on measurements). */
export interface EntityRow {
  id: string;
  kind?: string;
  study_uid: string;
  series_uid: string;
  frame_of_reference_uid: string | null;
  content_json: string;
  created_by: string;
  updated_by: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface AuditRow {
  seq: number;
  roi_id: string | null;
  measurement_id: string | null;
  segmentation_id: string | null;
  /** Absent before schema 4 (a migration step may read the audit as it was then). */
  read_id?: string | null;
  action: AuditAction;
  reader: string;
  at: string;
  before_json: string | null;
  after_json: string | null;
  hash: string | null;
  state_hash: string | null;
}

export function stateOf(table: Table, row: EntityRow): EntityState {
  return {
    entity: ENTITY_OF[table],
    id: row.id,
    study: row.study_uid,
    series: row.series_uid,
    frame: row.frame_of_reference_uid,
    ...(table === 'measurements' ? { kind: row.kind } : {}),
    json: row.content_json,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

export function linkOf(row: AuditRow): AuditLink {
  const [entity, entityId]: [AuditedEntity, string] =
    row.roi_id !== null
      ? ['roi', row.roi_id]
      : row.segmentation_id !== null
        ? ['segmentation', row.segmentation_id]
        : row.read_id != null
          ? ['read', row.read_id]
          : ['measurement', row.measurement_id as string];
  return {
    seq: row.seq,
    entity,
    entityId,
    action: row.action,
    reader: row.reader,
    at: row.at,
    before: row.before_json,
    after: row.after_json,
    stateHash: row.state_hash,
    hash: row.hash,
  };
}

/** One edit to record: the row as the edit left it, and the audited before/after content. */
export interface AuditEdit {
  table: Table;
  row: EntityRow;
  action: AuditAction;
  reader: string;
  at: string;
  before: string | null;
  after: string | null;
}

/** The two statements every edit runs, prepared once per connection. */
const appendStatements = new WeakMap<Database, { last: Statement<[], { seq: number; hash: string | null }>; insert: Statement }>();

function statementsFor(db: Database) {
  let statements = appendStatements.get(db);
  if (!statements) {
    statements = {
      last: db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1') as Statement<[], { seq: number; hash: string | null }>,
      insert: db.prepare(
        `INSERT INTO audit (seq, roi_id, measurement_id, segmentation_id, read_id, action, reader, at, before_json, after_json, state_hash, hash)
         VALUES (@seq, @roiId, @measurementId, @segmentationId, @readId, @action, @reader, @at, @before, @after, @stateHash, @hash)`,
      ),
    };
    appendStatements.set(db, statements);
  }
  return statements;
}

/** Appends the chained audit row of `edit`; call inside the (immediate) transaction that changed the row. */
export function appendAudit(db: Database, edit: AuditEdit): void {
  const { last: lastRow, insert } = statementsFor(db);
  const last = lastRow.get();
  const link: Omit<AuditLink, 'hash'> = {
    seq: (last?.seq ?? 0) + 1,
    entity: ENTITY_OF[edit.table],
    entityId: edit.row.id,
    action: edit.action,
    reader: edit.reader,
    at: edit.at,
    before: edit.before,
    after: edit.after,
    stateHash: sha256Hex(entityStateText(stateOf(edit.table, edit.row))),
  };
  insert.run({
    ...link,
    roiId: edit.table === 'rois' ? edit.row.id : null,
    measurementId: edit.table === 'measurements' ? edit.row.id : null,
    segmentationId: edit.table === 'segmentations' ? edit.row.id : null,
    readId: edit.table === 'reads' ? edit.row.id : null,
    hash: sha256Hex(linkText(last?.hash ?? GENESIS_HASH, link)),
  });
}

/** The entity tables of `db` (a migration step runs on a schema before the later tables exist). */
function presentTables(db: Database): Table[] {
  const names = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
  return TABLES.filter((t) => names.has(t));
}

function readStates(db: Database): EntityState[] {
  return presentTables(db).flatMap((table) => (db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as EntityRow[]).map((row) => stateOf(table, row)));
}

function readAudit(db: Database): AuditRow[] {
  return db.prepare('SELECT * FROM audit ORDER BY seq').all() as AuditRow[];
}

/**
 * Gives every audit row without a hash its link, in order; the latest row of each entity also
 * gets the hash of the row as it is now (history before the chain is sealed as found). For the
 * migration that introduces the chain: the caller lifts the append-only trigger around it.
 */
export function sealUnchainedAudit(db: Database): number {
  const rows = readAudit(db);
  const latest = new Map<string, number>();
  for (const row of rows) latest.set(`${linkOf(row).entity}\u0000${linkOf(row).entityId}`, row.seq);
  const states = new Map(readStates(db).map((s) => [`${s.entity}\u0000${s.id}`, s]));
  const update = db.prepare('UPDATE audit SET state_hash = ?, hash = ? WHERE seq = ?');
  let previous = GENESIS_HASH;
  let sealed = 0;
  for (const row of rows) {
    if (row.hash === null) {
      const link = linkOf(row);
      const key = `${link.entity}\u0000${link.entityId}`;
      const state = latest.get(key) === row.seq ? states.get(key) : undefined;
      link.stateHash = state ? sha256Hex(entityStateText(state)) : null;
      row.hash = sha256Hex(linkText(previous, link));
      update.run(link.stateHash, row.hash, row.seq);
      sealed++;
    }
    previous = row.hash;
  }
  return sealed;
}

/** Checks the chain and every entity row of `db` (a database at the latest schema). */
export function verifySqliteChain(db: Database): Promise<ChainReport> {
  return verifyAuditChain(readAudit(db).map(linkOf), readStates(db), sha256Hex);
}
