import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInspect } from '../../../src/cli/inspect';
import { listFolder } from '../../../src/cli/nodeFileSource';

/**
 * The CLI lists every entry it leaves out with its reason (FIFOs, links that are broken, lead to a
 * folder, outside or to a FIFO) and reads a link to a file inside under its own name. Real FIFO
 * (mkfifo) and links in a temp dir.
 */
let tmp: string;
let folder: string;

beforeAll(() => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'cli-special-')));
  folder = join(tmp, 'study');
  mkdirSync(join(folder, 'sub'), { recursive: true });
  writeFileSync(join(folder, 'sub', 'a.txt'), 'notes');
  writeFileSync(join(tmp, 'outside.txt'), 'private');
  execFileSync('mkfifo', [join(folder, 'pipe')]);
  symlinkSync(join(folder, 'sub', 'a.txt'), join(folder, 'alias.txt'));
  symlinkSync(join(folder, 'sub'), join(folder, 'dir-link'));
  symlinkSync(join(tmp, 'outside.txt'), join(folder, 'escape'));
  symlinkSync(join(folder, 'nowhere'), join(folder, 'broken'));
  symlinkSync(join(folder, 'pipe'), join(folder, 'pipe-link'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('CLI listing of special entries', () => {
  it('listFolder lists regular files and in-folder links to files; every other entry is left out with its reason', async () => {
    const unreadable: { path: string; reason: string }[] = [];
    const files = await listFolder(folder, undefined, unreadable);
    expect(files.map((f) => [f.path, f.size])).toEqual([
      ['alias.txt', 5],
      ['sub/a.txt', 5],
    ]);
    expect(new TextDecoder().decode(await files[0].read())).toBe('notes');
    expect(unreadable).toEqual([
      { path: 'broken', reason: expect.stringMatching(/^broken symbolic link: ENOENT/) },
      { path: 'dir-link', reason: 'symbolic link to a folder (not followed)' },
      { path: 'escape', reason: 'symbolic link pointing outside the folder (not followed)' },
      { path: 'pipe', reason: 'not a regular file (a named pipe (FIFO)): left out' },
      { path: 'pipe-link', reason: 'symbolic link to a named pipe (FIFO) (not followed)' },
    ]);
  });

  it('inspect prints each left-out entry like any other skipped file', async () => {
    const text = await runInspect(folder, { json: false });
    expect(text).toContain('  pipe: not a regular file (a named pipe (FIFO)): left out');
    expect(text).toContain('  dir-link: symbolic link to a folder (not followed)');
    expect(text).toContain('  escape: symbolic link pointing outside the folder (not followed)');
  });
});
