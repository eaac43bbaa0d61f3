import BetterSqlite3 from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeWithBackup, listBackups, takeBackup } from '../../../electron/store/backups';
import { openSqliteStore } from '../../../electron/store/sqliteStore';
import { mulberry32 } from '../../fixtures/prng';
import { abc2Measurement, dwiKey, ellipseRoi, lesionSegmentation } from './fixtures';

/** Backups, integrity check and recovery at open, on real database files. */

const tmp = mkdtempSync(join(tmpdir(), 'dti-recovery-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const freshDir = () => {
  const dir = join(tmp, `case${n++}`);
  return { dir, path: join(dir, 'measurements.sqlite') };
};

/** Overwrites the 4 KiB page in the middle of the file with seeded random bytes (the kind of damage a bad disk sector does). */
function corruptMiddle(path: string): void {
  const pages = Math.floor(statSync(path).size / 4096);
  const random = mulberry32(15);
  const garbage = Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256));
  const fd = openSync(path, 'r+');
  writeSync(fd, garbage, 0, garbage.length, Math.floor(pages / 2) * 4096);
  closeSync(fd);
}

/** A database with enough rows to span several pages. */
async function populate(path: string, ids: string[], keepBackups?: number) {
  mkdirSync(join(path, '..'), { recursive: true });
  const store = await openSqliteStore(path, { keepBackups });
  for (const id of ids) {
    await store.saveRoi(dwiKey, ellipseRoi(id), 'Dr A');
    await store.saveSegmentation(lesionSegmentation(`seg-${id}`), 'Dr A');
  }
  await store.saveMeasurement(abc2Measurement(`m-${ids[0]}`), 'Dr A');
  return store;
}

describe('measurement database recovery', () => {
  it('a backup is taken at open (keepBackups), and only the newest few are kept', async () => {
    const { path } = freshDir();
    await (await populate(path, ['a'])).close();
    for (let i = 0; i < 7; i++) await (await openSqliteStore(path, { keepBackups: 3 })).close();
    const backups = listBackups(path);
    expect(backups).toHaveLength(3);
    expect(backups.every((b) => /backups[\\/]measurements-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z(-\d+)?\.sqlite$/.test(b))).toBe(true);
    const copy = new BetterSqlite3(backups[0], { readonly: true });
    expect(copy.prepare('SELECT id FROM rois').pluck().all()).toEqual(['a']);
    copy.close();
  });

  it('a file corrupted in the middle is moved aside with a timestamp, the last backup restored, and the reader told', async () => {
    const { dir, path } = freshDir();
    // Session 1 writes a..e; session 2 opens (backup of a..e) and adds f..j; then the disk damages the file.
    await (await populate(path, ['a', 'b', 'c', 'd', 'e'])).close();
    await (await populate(path, ['f', 'g', 'h', 'i', 'j'], 5)).close();
    const [backup] = listBackups(path);
    corruptMiddle(path);

    const store = await openSqliteStore(path, { keepBackups: 5 });
    const status = await store.status();
    expect(status.recovery).not.toBeNull();
    expect(status.recovery!.restoredFrom).toBe(backup);
    expect(status.recovery!.quarantinedTo).toMatch(/measurements\.sqlite\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
    expect(existsSync(status.recovery!.quarantinedTo)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toHaveLength(1);
    expect(status.notices).toHaveLength(1);
    expect(status.notices[0]).toContain(`The measurement database ${path} failed its integrity check at open`);
    expect(status.notices[0]).toContain(`It was moved to ${status.recovery!.quarantinedTo} and the backup ${backup} restored`);
    // The record is the backup's: session 1's ROIs, chain intact; a fresh backup of it was taken.
    expect((await store.listRois(dwiKey)).map((r) => r.roi.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(status.chain).toMatchObject({ ok: true, auditRows: 11 });
    expect(status.backup).not.toBeNull();
    await store.close();
  });

  it('with no backup the record starts empty, the damaged file is kept, and the notice says so', async () => {
    const { path } = freshDir();
    await (await populate(path, ['a', 'b', 'c', 'd', 'e', 'f'])).close();
    corruptMiddle(path);
    const store = await openSqliteStore(path);
    const status = await store.status();
    expect(status.recovery).toEqual({ quarantinedTo: expect.stringContaining('.corrupt-'), restoredFrom: null });
    expect(status.notices[0]).toContain('no sound backup was found, so the record starts empty');
    expect(await store.listRois(dwiKey)).toEqual([]);
    expect(statSync(status.recovery!.quarantinedTo).size).toBeGreaterThan(4096);
    await store.close();
  });

  it('a healthy database is left where it is, and a backup of a tampered one is not taken', async () => {
    const { path } = freshDir();
    const store = await populate(path, ['a'], 5);
    await takeBackup(store, path, '2026-01-01T00:00:00.000Z', 5);
    await store.close();
    const before = listBackups(path);
    const raw = new BetterSqlite3(path);
    raw.prepare(`UPDATE rois SET updated_by = 'Dr X'`).run();
    raw.close();
    const reopened = await openSqliteStore(path, { keepBackups: 5 });
    const status = await reopened.status();
    expect(status.recovery).toBeNull();
    expect(status.backup).toBeNull();
    expect(status.notices[0]).toMatch(/^The audit trail of .* does not check out: audit chain BROKEN at audit row 1 \(roi a\): .*updated by: audited "Dr A", stored "Dr X"/);
    expect(listBackups(path)).toEqual(before);
    await reopened.close();
  });

  it('audit rows cut from the end of the trail (with their record) pass the chain but not the newest backup: reported, and backups held', async () => {
    const { path } = freshDir();
    const store = await populate(path, ['a', 'b'], 5);
    expect(await closeWithBackup(store, 5)).not.toBeNull(); // the quit backup holds all 5 audit rows
    const raw = new BetterSqlite3(path);
    raw.exec(`
      DROP TRIGGER audit_no_delete; DROP TRIGGER measurements_no_delete;
      DELETE FROM audit WHERE seq = 5; DELETE FROM measurements WHERE id = 'm-a';
    `);
    raw.close();
    const before = listBackups(path);

    const reopened = await openSqliteStore(path, { keepBackups: 5 });
    const status = await reopened.status();
    expect(status.chain).toMatchObject({ ok: true, auditRows: 4 });
    expect(status.holdBackups).toBe(true);
    expect(status.backup).toBeNull();
    expect(status.notices).toEqual([`The audit trail of ${path} no longer holds audit row 5 that the backup ${before[0]} ends with (the row is gone): audit rows were removed or rewritten since. The record was left as it is and no backup was taken; compare it with that backup.`]);
    expect(await closeWithBackup(reopened, 5)).toBeNull();
    expect(listBackups(path)).toEqual(before);
  });
});
