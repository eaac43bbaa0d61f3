import type { MeasurementKey, PlanarRoi } from '../core/measure/types';
import { canonicalJson } from '../core/store/canonicalJson';
import { lazyStore } from '../core/store/lazyStore';
import type { MeasurementStore } from '../core/store/MeasurementStore';
import { planSave } from '../core/store/planEdit';
import { fromSegmentationSnapshot, toSegmentationSnapshot } from '../core/store/labelCodec';
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
} from '../core/store/records';
import { roiSnapshot, storedRoiOf } from '../core/store/records';
import { keyInScope } from '../core/store/scope';

/**
 * The measurement store of the web build, over IndexedDB: same interface and same rules as the
 * SQLite store of the Electron main process (`electron/store/sqliteStore.ts`), so the UI has one
 * API. Each save or delete is one readwrite transaction over the entity store and the audit store,
 * so the row change and its audit row commit together or not at all.
 */

const DB_VERSION = 2;
type Table = 'rois' | 'measurements' | 'segmentations';

const ENTITY: Record<Table, AuditRow['entity']> = { rois: 'roi', measurements: 'measurement', segmentations: 'segmentation' };

interface EntityRow {
  id: string;
  key: MeasurementKey;
  /** Canonical JSON of the audited content (RoiSnapshot, MeasurementInput or SegmentationSnapshot). */
  json: string;
  /** Audit seq of the create: listings sort by it, i.e. creation order. */
  rank: number;
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

interface AuditRow {
  seq?: number;
  entity: 'roi' | 'measurement' | 'segmentation';
  entityId: string;
  action: AuditAction;
  reader: string;
  at: string;
  before: string | null;
  after: string | null;
}

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
  constructor(
    private readonly db: IDBDatabase,
    private readonly now: () => string,
  ) {}

  private async save(table: Table, id: string, key: MeasurementKey, content: unknown, reader: string): Promise<EntityRow> {
    const tx = this.db.transaction([table, 'audit'], 'readwrite');
    const done = committed(tx);
    const entities = tx.objectStore(table);
    const row = (await request(entities.get(id))) as EntityRow | undefined;
    const json = canonicalJson(content);
    const action = planSave(row ? { json: row.json, deleted: row.deletedAt !== null } : null, json);
    if (action === null) {
      await done;
      return row as EntityRow;
    }
    const at = this.now();
    const audit: AuditRow = { entity: ENTITY[table], entityId: id, action, reader, at, before: action === 'update' ? row!.json : null, after: json };
    const seq = (await request(tx.objectStore('audit').add(audit))) as number;
    const next: EntityRow = row
      ? { ...row, key, json, updatedBy: reader, updatedAt: at, deletedAt: null }
      : { id, key, json, rank: seq, createdBy: reader, updatedBy: reader, createdAt: at, updatedAt: at, deletedAt: null };
    entities.put(next);
    await done;
    return next;
  }

  private async remove(table: Table, id: string, reader: string): Promise<boolean> {
    const tx = this.db.transaction([table, 'audit'], 'readwrite');
    const done = committed(tx);
    const entities = tx.objectStore(table);
    const row = (await request(entities.get(id))) as EntityRow | undefined;
    if (!row || row.deletedAt !== null) {
      await done;
      return false;
    }
    const at = this.now();
    entities.put({ ...row, updatedBy: reader, updatedAt: at, deletedAt: at });
    const audit: AuditRow = { entity: ENTITY[table], entityId: id, action: 'delete', reader, at, before: row.json, after: null };
    tx.objectStore('audit').add(audit);
    await done;
    return true;
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

  async history(id: string): Promise<AuditEntry[]> {
    const index = this.db.transaction('audit', 'readonly').objectStore('audit').index('byEntity');
    const rows = (await request(index.getAll(id))) as AuditRow[];
    return rows.sort((a, b) => (a.seq as number) - (b.seq as number)).map(toAuditEntry);
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
  return new IndexedDbMeasurementStore(await request(open), now);
}

/** The web build's store for `Platform.store`: opens the page's IndexedDB on first use. */
export function createBrowserStore(): MeasurementStore {
  return lazyStore(() => openBrowserStore());
}
