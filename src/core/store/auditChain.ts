import { canonicalJson } from './canonicalJson.js';
import { firstDifference } from './firstDifference.js';
import type { AuditAction } from './records.js';

/**
 * The audit trail as a hash chain, shared by the SQLite and IndexedDB stores and the CLI.
 *
 * Each audit row stores `hash = SHA-256(linkText(previous row's hash, row))`, the row's content
 * including `stateHash`: the SHA-256 of the entity row exactly as that edit left it. Changing,
 * removing or reordering an audit row breaks every later link; changing an entity row behind the
 * app's back makes it differ from the `stateHash` of its latest audit row. The hash function is a
 * parameter (Node's crypto in Electron main and the CLI, WebCrypto in the browser), hex encoded.
 */
export type Sha256Hex = (text: string) => string | Promise<string>;

/** The "previous hash" of the first audit row. */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditedEntity = 'roi' | 'measurement' | 'segmentation' | 'read';

/** One audit row as the chain sees it; `before`/`after` are the canonical JSON texts as stored. */
export interface AuditLink {
  seq: number;
  entity: AuditedEntity;
  entityId: string;
  action: AuditAction;
  reader: string;
  at: string;
  before: string | null;
  after: string | null;
  /** SHA-256 of `entityStateText` of the row this edit produced; null on history sealed by a migration (only the latest row per entity carries it). */
  stateHash: string | null;
  /** The stored link hash; null when the row was written without one. */
  hash: string | null;
}

/**
 * One entity row as stored, every column that a listing or export reads. `kind` is the SQLite
 * measurements column (absent elsewhere); `json` is the canonical content JSON.
 */
export interface EntityState {
  entity: AuditedEntity;
  id: string;
  study: string;
  series: string;
  frame: string | null;
  kind?: string;
  json: string;
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** The text a link hash covers: the previous hash and every field of the row but its own hash. */
export function linkText(previousHash: string, link: Omit<AuditLink, 'hash'>): string {
  const { seq, entity, entityId, action, reader, at, before, after, stateHash } = link;
  return canonicalJson({ previousHash, seq, entity, entityId, action, reader, at, before, after, stateHash });
}

/** The text a state hash covers. */
export function entityStateText(state: EntityState): string {
  return canonicalJson(state);
}

/** Where the record first fails its checks: the audit row (null when no audit row names the entity), and what differs. */
export interface ChainProblem {
  seq: number | null;
  entity: AuditedEntity;
  entityId: string;
  what: string;
}

/** The result of checking a whole store. `head` is the last link's hash: written down, it pins the trail as it is now. */
export interface ChainReport {
  ok: boolean;
  auditRows: number;
  records: number;
  head: string;
  /** The first problem found (audit rows in order, then entity rows by their last audit row); null when intact. */
  problem: ChainProblem | null;
}

const stateKey = (entity: AuditedEntity, id: string) => `${entity}\u0000${id}`;

/** Short printable form of a value for messages. */
function show(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** What differs between an entity row and the state its latest audit row recorded (`first`: its create), in words. */
export function describeStateDifference(state: EntityState, last: AuditLink, first: AuditLink = last): string {
  const audited = last.action === 'delete' ? last.before : last.after;
  if (audited !== null && state.json !== audited) {
    let diff: ReturnType<typeof firstDifference>;
    try {
      diff = firstDifference(JSON.parse(audited), JSON.parse(state.json));
    } catch {
      return 'its content is not the JSON its last audit row recorded';
    }
    if (diff) return `content ${diff.path || '(whole)'}: audited ${show(diff.expected)}, stored ${show(diff.actual)}`;
    return 'its content text differs from the audited text';
  }
  if ((state.deletedAt !== null) !== (last.action === 'delete')) {
    return `deleted: audited ${last.action === 'delete' ? 'deleted' : 'live'}, stored ${state.deletedAt === null ? 'live' : 'deleted'}`;
  }
  if (state.updatedBy !== last.reader) return `updated by: audited ${show(last.reader)}, stored ${show(state.updatedBy)}`;
  if (state.updatedAt !== last.at) return `updated at: audited ${show(last.at)}, stored ${show(state.updatedAt)}`;
  if (first.action === 'create' && state.createdBy !== first.reader) return `created by: audited ${show(first.reader)}, stored ${show(state.createdBy)}`;
  if (first.action === 'create' && state.createdAt !== first.at) return `created at: audited ${show(first.at)}, stored ${show(state.createdAt)}`;
  if (audited !== null) {
    const content = JSON.parse(audited) as { key?: { studyInstanceUID?: string; seriesInstanceUID?: string; frameOfReferenceUID?: string | null }; payload?: { kind?: string } };
    const key = content.key;
    if (key && key.studyInstanceUID !== state.study) return `study: audited ${show(key.studyInstanceUID)}, stored ${show(state.study)}`;
    if (key && key.seriesInstanceUID !== state.series) return `series: audited ${show(key.seriesInstanceUID)}, stored ${show(state.series)}`;
    if (key && key.frameOfReferenceUID !== state.frame) return `frame of reference: audited ${show(key.frameOfReferenceUID)}, stored ${show(state.frame)}`;
    if (state.kind !== undefined && content.payload?.kind !== state.kind) return `kind: audited ${show(content.payload?.kind)}, stored ${show(state.kind)}`;
  }
  return 'a column outside the audited content differs from the state hashed then';
}

/**
 * Checks the chain over `links` (any order; checked by seq) and every entity row in `states`
 * against the state hash of its latest audit row. Stops at the first problem.
 */
export async function verifyAuditChain(links: readonly AuditLink[], states: readonly EntityState[], sha256: Sha256Hex): Promise<ChainReport> {
  const ordered = [...links].sort((a, b) => a.seq - b.seq);
  const report = (problem: ChainProblem | null, head: string): ChainReport => ({ ok: problem === null, auditRows: ordered.length, records: states.length, head, problem });
  let previous = GENESIS_HASH;
  const latest = new Map<string, AuditLink>();
  const first = new Map<string, AuditLink>();
  for (const link of ordered) {
    const at = { seq: link.seq, entity: link.entity, entityId: link.entityId };
    if (link.hash === null) return report({ ...at, what: 'audit row has no hash: it was written outside the app' }, previous);
    const expected = await sha256(linkText(previous, link));
    if (expected !== link.hash) {
      return report(
        { ...at, what: `audit row hash ${link.hash.slice(0, 12)}… does not match its content and the previous link (${expected.slice(0, 12)}…): this row was altered, or a row before it altered or removed` },
        previous,
      );
    }
    previous = link.hash;
    latest.set(stateKey(link.entity, link.entityId), link);
    if (!first.has(stateKey(link.entity, link.entityId))) first.set(stateKey(link.entity, link.entityId), link);
  }
  const byLastEdit = [...states].sort(
    (a, b) => (latest.get(stateKey(a.entity, a.id))?.seq ?? Infinity) - (latest.get(stateKey(b.entity, b.id))?.seq ?? Infinity),
  );
  const present = new Set<string>();
  for (const state of byLastEdit) {
    const key = stateKey(state.entity, state.id);
    present.add(key);
    const last = latest.get(key);
    if (!last) return report({ seq: null, entity: state.entity, entityId: state.id, what: 'row has no audit row: it was written outside the app' }, previous);
    const at = { seq: last.seq, entity: state.entity, entityId: state.id };
    if (last.stateHash === null) return report({ ...at, what: 'latest audit row holds no state hash to check the row against' }, previous);
    if ((await sha256(entityStateText(state))) !== last.stateHash) {
      return report({ ...at, what: `row differs from the state audited at row ${last.seq}: ${describeStateDifference(state, last, first.get(key))}` }, previous);
    }
  }
  for (const [key, last] of latest) {
    if (!present.has(key)) return report({ seq: last.seq, entity: last.entity, entityId: last.entityId, what: 'row is missing: its audit trail exists but the row was removed' }, previous);
  }
  return report(null, previous);
}

/** One-line human summary of a report, naming the first broken link. */
export function describeChainReport(report: ChainReport): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  if (report.ok) return `audit chain intact: ${count(report.auditRows, 'audit row')}, ${count(report.records, 'record')}; head ${report.head}`;
  const p = report.problem!;
  return `audit chain BROKEN at ${p.seq === null ? 'no audit row' : `audit row ${p.seq}`} (${p.entity} ${p.entityId}): ${p.what}`;
}
