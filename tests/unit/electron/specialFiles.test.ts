import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listFolderTree } from '../../../electron/fs/listFolderTree';
import { LARGE_READ_BYTES, LARGE_READS, readFileRange } from '../../../electron/fs/readFileRange';
import { IpcFailure } from '../../../electron/ipc/ipcFailure';

/**
 * A FIFO in an opened folder: listed as left out with its reason, and `file:read` of it refused
 * at once (opened without blocking, type checked on the descriptor) instead of waiting forever for a
 * writer. A real FIFO made by mkfifo in a temp dir.
 */
let root: string;

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'dti-special-')));
  mkdirSync(join(root, 'series'));
  writeFileSync(join(root, 'series', 'IM1'), new Uint8Array(10));
  writeFileSync(join(root, 'big'), new Uint8Array(LARGE_READ_BYTES + 1));
  execFileSync('mkfifo', [join(root, 'series', 'pipe')]);
  symlinkSync(join(root, 'series', 'pipe'), join(root, 'pipe-link'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('special files in the opened folder (Electron main)', () => {
  it('listFolderTree leaves out a FIFO and a link to it, each with its reason', async () => {
    const tree = await listFolderTree(root);
    expect(tree.files.map((f) => f.path)).toEqual(['big', 'series/IM1']);
    expect(tree.unreadable).toEqual([
      { path: 'pipe-link', reason: 'symbolic link to a named pipe (FIFO) (not followed)' },
      { path: 'series/pipe', reason: 'not a regular file (a named pipe (FIFO)): left out' },
    ]);
  });

  it('file:read of a FIFO is refused without blocking, through its own path or a link', async () => {
    for (const path of ['series/pipe', 'pipe-link']) {
      const error = await readFileRange(root, path, 0, 100).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(IpcFailure);
      expect((error as IpcFailure).code).toBe('NOT_FOUND');
      expect((error as IpcFailure).message).toBe(`${path} is not a regular file (a named pipe (FIFO)): not read`);
    }
  });

  it('reads above LARGE_READ_BYTES go through the large-read semaphore, smaller ones do not', async () => {
    const run = vi.spyOn(LARGE_READS, 'run');
    expect((await readFileRange(root, 'series/IM1', 0, 10)).length).toBe(10);
    expect((await readFileRange(root, 'big', 0, LARGE_READ_BYTES)).length).toBe(LARGE_READ_BYTES);
    expect(run).not.toHaveBeenCalled();
    const reads = await Promise.all(Array.from({ length: 6 }, () => readFileRange(root, 'big', 0, LARGE_READ_BYTES + 1)));
    expect(reads.map((r) => r.length)).toEqual(Array(6).fill(LARGE_READ_BYTES + 1));
    expect(run).toHaveBeenCalledTimes(6);
    expect(LARGE_READS.limit).toBe(4);
    expect(LARGE_READS.active).toBe(0);
    run.mockRestore();
  });
});
