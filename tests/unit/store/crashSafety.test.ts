import BetterSqlite3 from 'better-sqlite3';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../electron/store/sqliteStore';
import type { RoiSnapshot } from '../../../src/core/store/records';
import { repoRoot } from '../../helpers/sharedData';
import { dwiKey } from './fixtures';

const tmp = mkdtempSync(join(tmpdir(), 'dti-crash-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Edits the child must have reported before it is killed (the kill lands in the middle of the next ones). */
const EDITS_BEFORE_KILL = 400;

/** Runs the writer, SIGKILLs it once it has reported enough commits, and returns the complete lines it printed. */
function runAndKill(dbPath: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = fork(join(repoRoot, 'tests/unit/store/crashWriter.ts'), [dbPath], {
      cwd: repoRoot,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.split('\n').length > EDITS_BEFORE_KILL) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer ended without being killed: ${err}`));
      // A line cut by the kill was never fully reported: only complete lines count as committed.
      resolve(out.split('\n').slice(0, -1));
    });
  });
}

describe('crash safety (SIGKILL mid-write)', () => {
  it('after a kill the database is intact and holds every edit the writer reported committed', async () => {
    const dbPath = join(tmp, 'crash.sqlite');
    const reported = await runAndKill(dbPath);
    expect(reported.length).toBeGreaterThanOrEqual(EDITS_BEFORE_KILL);

    const raw = new BetterSqlite3(dbPath);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    raw.close();

    const store = await openSqliteStore(dbPath);
    const audited = new Map<string, { action: string; edit: number | null }[]>();
    for (const id of ['roi-0', 'roi-1', 'roi-2', 'roi-3', 'roi-4']) {
      audited.set(
        id,
        (await store.history(id)).map((h) => ({ action: h.action, edit: h.after ? Number((h.after as RoiSnapshot).roi.name.split(' ')[1]) : null })),
      );
    }
    const reportedDeletes = new Map<string, number>();
    for (const line of reported) {
      const [action, id, edit] = line.split(' ');
      if (action === 'saved') expect(audited.get(id)!.some((r) => r.edit === Number(edit)), line).toBe(true);
      else reportedDeletes.set(id, (reportedDeletes.get(id) ?? 0) + 1);
    }
    expect(reportedDeletes.size).toBeGreaterThan(0);
    for (const [id, count] of reportedDeletes) {
      expect(audited.get(id)!.filter((r) => r.action === 'delete').length).toBeGreaterThanOrEqual(count);
    }
    // At most the one edit in flight when the kill landed committed without being reported.
    const auditCount = [...audited.values()].reduce((sum, rows) => sum + rows.length, 0);
    expect(auditCount - reported.length).toBeGreaterThanOrEqual(0);
    expect(auditCount - reported.length).toBeLessThanOrEqual(1);

    // Row and audit agree: each live ROI is the content of its last audit row.
    const live = await store.listRois(dwiKey);
    for (const { roi } of live) {
      const rows = await store.history(roi.id);
      expect(rows.at(-1)!.after).toEqual({ key: dwiKey, roi });
    }
    await store.close();
  });
});
