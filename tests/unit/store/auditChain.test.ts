import { describe, expect, it } from 'vitest';
import {
  describeChainReport,
  entityStateText,
  GENESIS_HASH,
  linkText,
  verifyAuditChain,
  type AuditLink,
  type EntityState,
} from '../../../src/core/store/auditChain';
import { firstDifference } from '../../../src/core/store/firstDifference';
import { sha256Hex } from '../../../src/node/sha256';

/** The chain logic alone (src/core), over hand-built links hashed with Node's SHA-256. */

const content = (volumeMl: number) => JSON.stringify({ id: 'm1', key: { studyInstanceUID: 's', seriesInstanceUID: 'se', frameOfReferenceUID: null }, payload: { kind: 'abc2', volumeMl } });

function state(json: string, overrides: Partial<EntityState> = {}): EntityState {
  return { entity: 'measurement', id: 'm1', study: 's', series: 'se', frame: null, kind: 'abc2', json, createdBy: 'Dr A', updatedBy: 'Dr A', createdAt: 't1', updatedAt: 't2', deletedAt: null, ...overrides };
}

/** A create (15 mL) then an update (16 mL) of m1 and a create of an ROI, chained. */
function chain(): { links: AuditLink[]; states: EntityState[] } {
  const roi: EntityState = { ...state('{"roi":1}'), entity: 'roi', id: 'r1', kind: undefined, updatedAt: 't3', createdAt: 't3' };
  const m1 = state(content(16));
  const rows: Omit<AuditLink, 'hash'>[] = [
    { seq: 1, entity: 'measurement', entityId: 'm1', action: 'create', reader: 'Dr A', at: 't1', before: null, after: content(15), stateHash: sha256Hex(entityStateText(state(content(15), { updatedAt: 't1' }))) },
    { seq: 2, entity: 'measurement', entityId: 'm1', action: 'update', reader: 'Dr A', at: 't2', before: content(15), after: content(16), stateHash: sha256Hex(entityStateText(m1)) },
    { seq: 3, entity: 'roi', entityId: 'r1', action: 'create', reader: 'Dr A', at: 't3', before: null, after: '{"roi":1}', stateHash: sha256Hex(entityStateText(roi)) },
  ];
  let previous = GENESIS_HASH;
  const links = rows.map((row) => {
    previous = sha256Hex(linkText(previous, row));
    return { ...row, hash: previous };
  });
  return { links, states: [m1, roi] };
}

describe('audit hash chain (src/core/store/auditChain)', () => {
  it('an intact chain checks out, whatever order the rows come in, and its head is the last hash', async () => {
    const { links, states } = chain();
    const report = await verifyAuditChain([...links].reverse(), states, sha256Hex);
    expect(report).toEqual({ ok: true, auditRows: 3, records: 2, head: links[2].hash, problem: null });
    expect(describeChainReport(report)).toBe(`audit chain intact: 3 audit rows, 2 records; head ${links[2].hash}`);
  });

  it('an audit row whose content changed is the first broken link', async () => {
    const { links, states } = chain();
    links[1] = { ...links[1], reader: 'Dr Mallory' };
    const report = await verifyAuditChain(links, states, sha256Hex);
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ seq: 2, entity: 'measurement', entityId: 'm1' });
    expect(report.problem!.what).toMatch(/does not match its content and the previous link/);
  });

  it('a removed audit row breaks the link of the row after it', async () => {
    const { links, states } = chain();
    const report = await verifyAuditChain([links[0], links[2]], states, sha256Hex);
    expect(report.problem).toMatchObject({ seq: 3, entity: 'roi', entityId: 'r1' });
  });

  it('a row changed behind the chain is named with the field that differs', async () => {
    const { links, states } = chain();
    const report = await verifyAuditChain(links, [state(content(160)), states[1]], sha256Hex);
    expect(report.problem).toEqual({ seq: 2, entity: 'measurement', entityId: 'm1', what: 'row differs from the state audited at row 2: content payload.volumeMl: audited 16, stored 160' });
    const renamed = await verifyAuditChain(links, [state(content(16), { updatedBy: 'Dr X' }), states[1]], sha256Hex);
    expect(renamed.problem!.what).toBe('row differs from the state audited at row 2: updated by: audited "Dr A", stored "Dr X"');
    const moved = await verifyAuditChain(links, [state(content(16), { series: 'other' }), states[1]], sha256Hex);
    expect(moved.problem!.what).toBe('row differs from the state audited at row 2: series: audited "se", stored "other"');
    const creator = await verifyAuditChain(links, [state(content(16), { createdBy: 'Dr Z' }), states[1]], sha256Hex);
    expect(creator.problem!.what).toBe('row differs from the state audited at row 2: created by: audited "Dr A", stored "Dr Z"');
  });

  it('a row without audit rows, and an audited row that vanished, are both reported', async () => {
    const { links, states } = chain();
    const extra = { ...states[1], id: 'r2' };
    expect((await verifyAuditChain(links, [...states, extra], sha256Hex)).problem).toEqual({ seq: null, entity: 'roi', entityId: 'r2', what: 'row has no audit row: it was written outside the app' });
    expect((await verifyAuditChain(links, [states[0]], sha256Hex)).problem).toMatchObject({ seq: 3, entity: 'roi', entityId: 'r1', what: expect.stringMatching(/row is missing/) });
  });

  it('firstDifference walks objects in key order and arrays by index', () => {
    expect(firstDifference({ a: [1, 2, { b: 3 }] }, { a: [1, 2, { b: 4 }] })).toEqual({ path: 'a[2].b', expected: 3, actual: 4 });
    expect(firstDifference({ a: 1, z: 2 }, { a: 1 })).toEqual({ path: 'z', expected: 2, actual: undefined });
    expect(firstDifference([1, 2], [1, 2])).toBeNull();
  });
});
