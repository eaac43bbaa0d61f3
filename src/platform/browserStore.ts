import type { MeasurementKey, PlanarRoi } from '../core/measure/types';
import { describeChainReport, verifyAuditChain, type ChainReport } from '../core/store/auditChain';
import { canonicalJson } from '../core/store/canonicalJson';
import { lazyStore } from '../core/store/lazyStore';
import type { MeasurementStore } from '../core/store/MeasurementStore';
import { planSave } from '../core/store/planEdit';
import { fromSegmentationSnapshot, toSegmentationSnapshot } from '../core/store/labelCodec';
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
} from '../core/store/records';
import { roiSnapshot, storedRoiOf } from '../core/store/records';
import { keyInScope } from '../core/store/scope';
import type { StoreStatus } from '../core/store/storeStatus';
import { chainedAudit, ENTITY, readAllForChain, sealUnchained, stateOfRow, type ChainedAuditRow, type EntityRow, type Table } from './browserChain';
import { webSha256 } from './webSha256';

/**
 * The measurement store of the web build, over IndexedDB: same interface and same rules as the
 * SQLite store of the Electron main process (`electron/store/sqliteStore.ts`), so the UI has one
 * API. Each save or delete is one readwrite transaction over the entity store and the audit store,
 * so the row change and its audit row commit together or not at all.
 *
 * Audit rows are hash-chained like the SQLite ones (browserChain.ts). WebCrypto is asynchronous and
 * an IndexedDB transaction commits as soon as it waits on anything else, so an edit reads, hashes
 * outside any transaction, then writes in one readwrite transaction that first checks nothing
 * moved meanwhile (another tab), and starts over if it did.
 */

const DB_VERSION = 3;

type AuditRow = ChainedAuditRow;

/** How many times an edit starts over when another tab wrote between its read and its write. */
const EDIT_ATTEMPTS = 8;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('measurement store transaction aborted'));
  });
}

/** Creates the object stores; version steps are append-only like the SQLite migrations. */
function upgrade(db: IDBDatabase, oldVersion: number): void {
  if (oldVersion < 1) {
    db.createObjectStore('rois', { keyPath: 'id' });
    db.createObjectStore('measurements', { keyPath: 'id' });
    db.createObjectStore('audit', { keyPath: 'seq', autoIncrement: true }).createIndex('byEntity', 'entityId');
  }
  if (oldVersion < 2) db.createObjectStore('segmentations', { keyPath: 'id' });
  if (oldVersion < 3) db.createObjectStore('reads', { keyPath: 'id' });
}

function stamps(row: EntityRow) {
  return { createdBy: row.createdBy, updatedBy: row.updatedBy, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

function toStoredRoi(row: EntityRow): StoredRoi {
  return storedRoiOf(JSON.parse(row.json) as RoiSnapshot, stamps(row));
}

function toMeasurement(row: EntityRow): MeasurementRecord {
  const input = JSON.parse(row.json) as MeasurementInput;
  return { ...input, kind: input.payload.kind, ...stamps(row) };
}

function toSegmentation(row: EntityRow): StoredSegmentation {
  return fromSegmentationSnapshot(JSON.parse(row.json) as SegmentationSnapshot, stamps(row));
}

function toRead(row: EntityRow): StoredRead {
  return { ...(JSON.parse(row.json) as ReadInput), ...stamps(row) };
}

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq as number,
    entity: row.entity,
    entityId: row.entityId,
    action: row.action,
    reader: row.reader,
    at: row.at,
    before: row.before === null ? null : JSON.parse(row.before),
    after: row.after === null ? null : JSON.parse(row.after),
  } as AuditEntry;
}

class IndexedDbMeasurementStore implements MeasurementStore {
  /** The chain check of this session, run once on the first status() call (the app asks at start). */
  private checked: Promise<StoreStatus> | null = null;

  constructor(
    private readonly db: IDBDatabase,
    private readonly now: () => string,
  ) {}

  /** The entity row `id` and the last audit row, read in `tx`. */
  private async snapshot(tx: IDBTransaction, table: Table, id: string): Promise<{ row: EntityRow | undefined; last: AuditRow | undefined }> {
    const row = (await request(tx.objectStore(table).get(id))) as EntityRow | undefined;
    const cursor = await request(tx.objectStore('audit').openCursor(null, 'prev'));
    return { row, last: cursor?.value as AuditRow | undefined };
  }

  /**
   * One audited edit: `plan` decides from the current row what to write (null: nothing); the audit
   * row is chained to the last one; the write happens only if neither changed since they were read.
   */
  private async edit(table: Table, id: string, plan: (row: EntityRow | undefined, seq: number) => { next: EntityRow; audit: Omit<AuditRow, 'seq' | 'hash' | 'stateHash'> } | null): Promise<EntityRow | null> {
    for (let attempt = 0; attempt < EDIT_ATTEMPTS; attempt++) {
      const read = this.db.transaction([table, 'audit'], 'readonly');
      const seen = await this.snapshot(read, table, id);
      const seq = (seen.last?.seq ?? 0) + 1;
      const planned = plan(seen.row, seq);
      if (planned === null) return null;
      const audit = await chainedAudit(seen.last ?? null, { ...planned.audit, seq }, stateOfRow(table, planned.next), webSha256);

      const tx = this.db.transaction([table, 'audit'], 'readwrite');
      const done = committed(tx);
      const now = await this.snapshot(tx, table, id);
      if (now.last?.seq !== seen.last?.seq || JSON.stringify(now.row) !== JSON.stringify(seen.row)) {
        await done;
        continue;
      }
      tx.objectStore('audit').add(audit);
      tx.objectStore(table).put(planned.next);
      await done;
      return planned.next;
    }
    throw new Error('measurement store: another tab kept writing, this change was not saved; try again');
  }

  private async save(table: Table, id: string, key: MeasurementKey, content: unknown, reader: string): Promise<EntityRow> {
    const json = canonicalJson(content);
    let unchanged: EntityRow | undefined;
    const written = await this.edit(table, id, (row, seq) => {
      const action = planSave(row ? { json: row.json, deleted: row.deletedAt !== null } : null, json);
      if (action === null) {
        unchanged = row;
        return null;
      }
      const at = this.now();
      const next: EntityRow = row
        ? { ...row, key, json, updatedBy: reader, updatedAt: at, deletedAt: null }
        : { id, key, json, rank: seq, createdBy: reader, updatedBy: reader, createdAt: at, updatedAt: at, deletedAt: null };
      return { next, audit: { entity: ENTITY[table], entityId: id, action, reader, at, before: action === 'update' ? row!.json : null, after: json } };
    });
    return written ?? (unchanged as EntityRow);
  }

  private async remove(table: Table, id: string, reader: string): Promise<boolean> {
    const written = await this.edit(table, id, (row) => {
      if (!row || row.deletedAt !== null) return null;
      const at = this.now();
      return {
        next: { ...row, updatedBy: reader, updatedAt: at, deletedAt: at },
        audit: { entity: ENTITY[table], entityId: id, action: 'delete', reader, at, before: row.json, after: null },
      };
    });
    return written !== null;
  }

  private async list(table: Table, scope: StoreScope): Promise<EntityRow[]> {
    const rows = (await request(this.db.transaction(table, 'readonly').objectStore(table).getAll())) as EntityRow[];
    return rows.filter((r) => r.deletedAt === null && keyInScope(r.key, scope)).sort((a, b) => a.rank - b.rank);
  }

  async saveRoi(key: MeasurementKey, roi: PlanarRoi, reader: string, measured?: RoiMeasured | null): Promise<StoredRoi> {
    const snapshot = roiSnapshot(key, roi, measured);
    return toStoredRoi(await this.save('rois', roi.id, key, snapshot, reader));
  }

  deleteRoi(id: string, reader: string): Promise<boolean> {
    return this.remove('rois', id, reader);
  }

  async listRois(scope: StoreScope): Promise<StoredRoi[]> {
    return (await this.list('rois', scope)).map(toStoredRoi);
  }

  async saveMeasurement(input: MeasurementInput, reader: string): Promise<MeasurementRecord> {
    return toMeasurement(await this.save('measurements', input.id, input.key, input, reader));
  }

  deleteMeasurement(id: string, reader: string): Promise<boolean> {
    return this.remove('measurements', id, reader);
  }

  async listMeasurements(scope: StoreScope): Promise<MeasurementRecord[]> {
    return (await this.list('measurements', scope)).map(toMeasurement);
  }

  async saveSegmentation(input: SegmentationInput, reader: string): Promise<StoredSegmentation> {
    return toSegmentation(await this.save('segmentations', input.id, input.key, toSegmentationSnapshot(input), reader));
  }

  deleteSegmentation(id: string, reader: string): Promise<boolean> {
    return this.remove('segmentations', id, reader);
  }

  async listSegmentations(scope: StoreScope): Promise<StoredSegmentation[]> {
    return (await this.list('segmentations', scope)).map(toSegmentation);
  }

  async saveRead(input: ReadInput, reader: string): Promise<StoredRead> {
    return toRead(await this.save('reads', input.id, input.key, input, reader));
  }

  async listReads(scope: StoreScope): Promise<StoredRead[]> {
    return (await this.list('reads', scope)).map(toRead);
  }

  async history(id: string): Promise<AuditEntry[]> {
    const index = this.db.transaction('audit', 'readonly').objectStore('audit').index('byEntity');
    const rows = (await request(index.getAll(id))) as AuditRow[];
    return rows.sort((a, b) => (a.seq as number) - (b.seq as number)).map(toAuditEntry);
  }

  async verify(): Promise<ChainReport> {
    const { links, states } = await readAllForChain(this.db);
    return verifyAuditChain(links, states, webSha256);
  }

  async status(): Promise<StoreStatus> {
    return (this.checked ??= this.verify().then((chain) => ({
      location: `IndexedDB database "${this.db.name}" of this browser profile`,
      chain,
      recovery: null,
      backup: null,
      holdBackups: !chain.ok,
      notices: chain.ok ? [] : [`The audit trail of the measurement database does not check out: ${describeChainReport(chain)}. A record may have been changed outside the app; it was left as it is.`],
    })));
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/**
 * Opens (creating if needed) the IndexedDB measurement database `name` of `factory` (the page's
 * `indexedDB`; injectable for tests). `now` gives each edit's ISO timestamp.
 */
export async function openBrowserStore(
  factory: IDBFactory = indexedDB,
  name = 'dti-measurements',
  now: () => string = () => new Date().toISOString(),
): Promise<MeasurementStore> {
  const open = factory.open(name, DB_VERSION);
  open.onupgradeneeded = (event) => upgrade(open.result, event.oldVersion);
  const db = await request(open);
  await sealUnchained(db, webSha256);
  return new IndexedDbMeasurementStore(db, now);
}

/** The web build's store for `Platform.store`: opens the page's IndexedDB on first use. */
export function createBrowserStore(): MeasurementStore {
  return lazyStore(() => openBrowserStore());
}
