import type { MeasurementKey } from '../core/measure/types';
import {
  entityStateText,
  GENESIS_HASH,
  linkText,
  type AuditedEntity,
  type AuditLink,
  type EntityState,
  type Sha256Hex,
} from '../core/store/auditChain';

/**
 * The audit hash chain (src/core/store/auditChain.ts) over the web build's IndexedDB layout:
 * its rows as links and states, a chained audit row, the whole database read for a check, and
 * the sealing of audit rows written before the chain existed.
 */

export type Table = 'rois' | 'measurements' | 'segmentations' | 'reads';
export const TABLES: Table[] = ['rois', 'measurements', 'segmentations', 'reads'];
export const ENTITY: Record<Table, AuditedEntity> = { rois: 'roi', measurements: 'measurement', segmentations: 'segmentation', reads: 'read' };

export interface EntityRow {
  id: string;
  key: MeasurementKey;
  /** Canonical JSON of the audited content (RoiSnapshot, MeasurementInput, SegmentationSnapshot or ReadInput). */
  json: string;
  /** Audit seq of the create: listings sort by it, i.e. creation order. */
  rank: number;
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/**
 * An audit row as the browser stores it: the chain's link, whose hashes are absent on rows written
 * before the chain (sealed at the next open).
 */
export type ChainedAuditRow = Omit<AuditLink, 'stateHash' | 'hash'> & { stateHash?: string | null; hash?: string | null };

/** Every column a listing reads; `rank` (creation order) is left out: reordering is not a change of a value. */
export function stateOfRow(table: Table, row: EntityRow): EntityState {
  return {
    entity: ENTITY[table],
    id: row.id,
    study: row.key.studyInstanceUID,
    series: row.key.seriesInstanceUID,
    frame: row.key.frameOfReferenceUID,
    json: row.json,
    createdBy: row.createdBy,
    updatedBy: row.updatedBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deletedAt: row.deletedAt,
  };
}

export function linkOfRow(row: ChainedAuditRow): AuditLink {
  const { seq, entity, entityId, action, reader, at, before, after } = row;
  return { seq, entity, entityId, action, reader, at, before, after, stateHash: row.stateHash ?? null, hash: row.hash ?? null };
}

/** The audit row `audit` chained after `last`, with the hash of the entity `state` it produces. */
export async function chainedAudit(last: ChainedAuditRow | null, audit: Omit<ChainedAuditRow, 'hash' | 'stateHash'>, state: EntityState, sha256: Sha256Hex): Promise<ChainedAuditRow> {
  const stateHash = await sha256(entityStateText(state));
  const hash = await sha256(linkText(last?.hash ?? GENESIS_HASH, linkOfRow({ ...audit, stateHash })));
  return { ...audit, stateHash, hash };
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Every audit row (by seq) and entity row, read in one transaction so they are consistent. */
async function readAll(db: IDBDatabase): Promise<{ audit: ChainedAuditRow[]; states: EntityState[] }> {
  const tx = db.transaction(['audit', ...TABLES], 'readonly');
  const audit = (await request(tx.objectStore('audit').getAll())) as ChainedAuditRow[];
  const states: EntityState[] = [];
  for (const table of TABLES) for (const row of (await request(tx.objectStore(table).getAll())) as EntityRow[]) states.push(stateOfRow(table, row));
  return { audit: audit.sort((a, b) => a.seq - b.seq), states };
}

export async function readAllForChain(db: IDBDatabase): Promise<{ links: AuditLink[]; states: EntityState[] }> {
  const { audit, states } = await readAll(db);
  return { links: audit.map(linkOfRow), states };
}

/**
 * Gives audit rows written before the chain existed their links (the latest row of each entity
 * also the hash of the row as it is now), in one transaction that first checks no audit row was
 * added meanwhile. Returns how many rows it sealed.
 */
export async function sealUnchained(db: IDBDatabase, sha256: Sha256Hex): Promise<number> {
  const { audit, states } = await readAll(db);
  if (audit.every((row) => row.hash != null)) return 0;
  const keyOf = (entity: string, id: string) => `${entity}\u0000${id}`;
  const latest = new Map(audit.map((row) => [keyOf(row.entity, row.entityId), row.seq]));
  const stateOf = new Map(states.map((s) => [keyOf(s.entity, s.id), s]));
  const sealed: ChainedAuditRow[] = [];
  let previous = GENESIS_HASH;
  for (const row of audit) {
    if (row.hash == null) {
      const key = keyOf(row.entity, row.entityId);
      const state = latest.get(key) === row.seq ? stateOf.get(key) : undefined;
      const stateHash = state ? await sha256(entityStateText(state)) : null;
      const hash = await sha256(linkText(previous, linkOfRow({ ...row, stateHash })));
      sealed.push({ ...row, stateHash, hash });
      previous = hash;
    } else previous = row.hash;
  }
  const tx = db.transaction('audit', 'readwrite');
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('sealing the audit trail was aborted'));
  });
  const count = await request(tx.objectStore('audit').count());
  if (count === audit.length) for (const row of sealed) tx.objectStore('audit').put(row);
  await done;
  return count === audit.length ? sealed.length : 0;
}
