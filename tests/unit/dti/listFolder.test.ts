import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listFolder } from '../../../src/cli/nodeFileSource';

const root = mkdtempSync(join(tmpdir(), 'list-folder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('listFolder (CLI file walk)', () => {
  it('every regular file below the folder, sorted, with / separated relative paths and sizes; a link to a file inside listed under its own name, as the app does', async () => {
    mkdirSync(join(root, 'b/deeper/deepest'), { recursive: true });
    mkdirSync(join(root, 'a'));
    writeFileSync(join(root, 'z.dcm'), 'zz');
    writeFileSync(join(root, 'a/1.dcm'), '1');
    writeFileSync(join(root, 'b/deeper/deepest/x'), 'xxxxx');
    writeFileSync(join(root, 'b/2.dcm'), '');
    symlinkSync(join(root, 'z.dcm'), join(root, 'b/link.dcm'));
    const files = await listFolder(root);
    expect(files.map((f) => [f.path, f.size])).toEqual([
      ['a/1.dcm', 1],
      ['b/2.dcm', 0],
      ['b/deeper/deepest/x', 5],
      ['b/link.dcm', 2],
      ['z.dcm', 2],
    ]);
    expect(new TextDecoder().decode(await files[3].read())).toBe('zz');
    expect(new TextDecoder().decode(await files[2].read(1, 4))).toBe('xxx');
  });
});
