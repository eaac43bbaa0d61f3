import BetterSqlite3 from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWithBackup } from '../../../electron/store/backups';
import { MIGRATIONS } from '../../../electron/store/migrations';
import { openSqliteStore } from '../../../electron/store/sqliteStore';
import { runVerifyStore } from '../../../src/cli/verifyStore';
import { repoRoot } from '../../helpers/sharedData';
import { abc2Measurement, dwiKey, ellipseRoi, lesionSegmentation } from '../store/fixtures';

/** `verify-store` on real database files, as a function and as the command the user runs. */

const tmp = mkdtempSync(join(tmpdir(), 'dti-verify-store-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const intact = join(tmp, 'intact.sqlite');
const tampered = join(tmp, 'tampered.sqlite');

beforeAll(async () => {
  const store = await openSqliteStore(intact);
  await store.saveRoi(dwiKey, ellipseRoi('roi-1'), 'Dr A');
  await store.saveMeasurement(abc2Measurement('m-abc'), 'Dr A');
  await store.saveMeasurement({ ...abc2Measurement('m-abc'), name: 'Lesion 24 h' }, 'Dr B');
  await store.saveSegmentation(lesionSegmentation('seg-1'), 'Dr A');
  await store.close();
  copyFileSync(intact, tampered);
  const raw = new BetterSqlite3(tampered);
  raw.prepare(`UPDATE measurements SET content_json = replace(content_json, '"volumeMl":15', '"volumeMl":25') WHERE id = 'm-abc'`).run();
  raw.close();
});

const brokenLine = 'audit chain BROKEN at audit row 3 (measurement m-abc): row differs from the state audited at row 3: content payload.volumeMl: audited 15, stored 25';

function cli(...args: string[]) {
  return spawnSync(process.execPath, [join(repoRoot, 'scripts/cli.mjs'), 'verify-store', ...args], { cwd: repoRoot, encoding: 'utf8' });
}

describe('verify-store', () => {
  it('an untouched database is OK, and verifying it changes nothing in the file', async () => {
    const bytes = readFileSync(intact);
    const result = await runVerifyStore(intact);
    expect(result.ok).toBe(true);
    expect(result.text).toMatch(/integrity: ok \(PRAGMA quick_check\)\n {2}audit chain intact: 4 audit rows, 3 records; head [0-9a-f]{64}\nOK\n$/);
    expect(readFileSync(intact).equals(bytes)).toBe(true);
  });

  it('a measurement row altered with raw SQL is reported with its audit row and the value that differs', async () => {
    const result = await runVerifyStore(tampered);
    expect(result.ok).toBe(false);
    expect(result.text).toContain(`  ${brokenLine}\nFAILED\n`);
    const json = JSON.parse((await runVerifyStore(tampered, { json: true })).text);
    expect(json).toMatchObject({ ok: false, schemaVersion: MIGRATIONS.length, integrity: [], chain: { ok: false, problem: { seq: 3, entity: 'measurement', entityId: 'm-abc' } } });
  });

  it('npm run cli -- verify-store: exit code 0 when intact, 1 with the first broken link when altered', () => {
    const good = cli(intact);
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('audit chain intact: 4 audit rows, 3 records');
    const bad = cli(tampered);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain(brokenLine);
    const missing = cli(join(tmp, 'nowhere.sqlite'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('nowhere.sqlite: no such file');
  });

  it('a database from before the chain, or a file that is not one, is not OK and says why', async () => {
    const old = join(tmp, 'v2.sqlite');
    const v2 = new BetterSqlite3(old);
    v2.exec('CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    v2.exec(MIGRATIONS[0] as string);
    v2.exec(MIGRATIONS[1] as string);
    v2.prepare('INSERT INTO schema_version VALUES (1, ?), (2, ?)').run('t', 't');
    v2.close();
    const result = await runVerifyStore(old);
    expect(result).toMatchObject({ ok: false, text: expect.stringContaining('audit chain NOT CHECKED: schema version 2 predates the audit chain (version 3): open it once in the app') });
    const text = join(tmp, 'notes.sqlite');
    copyFileSync(join(repoRoot, 'package.json'), text);
    expect((await runVerifyStore(text)).text).toMatch(/audit chain NOT CHECKED: the file could not be read as a SQLite database: file is not a database/);
  });

  it('audit rows cut from the end of the trail are caught against the newest backup beside the file', async () => {
    const dir = join(tmp, 'with-backups');
    mkdirSync(dir);
    const path = join(dir, 'measurements.sqlite');
    const store = await openSqliteStore(path);
    await store.saveRoi(dwiKey, ellipseRoi('roi-1'), 'Dr A');
    await store.saveMeasurement(abc2Measurement('m-abc'), 'Dr A');
    const backup = await closeWithBackup(store);
    expect((await runVerifyStore(path)).ok).toBe(true);
    const raw = new BetterSqlite3(path);
    raw.exec(`DROP TRIGGER audit_no_delete; DROP TRIGGER measurements_no_delete; DELETE FROM audit WHERE seq = 2; DELETE FROM measurements;`);
    raw.close();
    const result = await runVerifyStore(path);
    expect(result.ok).toBe(false);
    expect(result.text).toContain('audit chain intact: 1 audit row, 1 record');
    expect(result.text).toContain(`  newest backup: The audit trail of ${path} no longer holds audit row 2 that the backup ${backup} ends with (the row is gone)`);
  });
});
