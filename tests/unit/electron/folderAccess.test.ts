import { readdirSync, statSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFolderTree } from '../../../electron/fs/listFolderTree';
import { readFileRange } from '../../../electron/fs/readFileRange';
import { IpcFailure } from '../../../electron/ipc/ipcFailure';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir } from '../../helpers/sharedData';

/** tmp/study is the opened folder; tmp/private.txt beside it must stay unreachable. */
let tmp: string;
let study: string;
const payload = Uint8Array.from({ length: 300 }, (_, i) => i % 251);

beforeAll(() => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'dti-folder-')));
  study = join(tmp, 'study');
  mkdirSync(join(study, 'series1', 'deep'), { recursive: true });
  writeFileSync(join(study, 'series1', 'IM0001'), payload);
  writeFileSync(join(study, 'series1', 'deep', 'IM0002'), new Uint8Array(7));
  writeFileSync(join(study, 'DICOMDIR'), new Uint8Array(3));
  writeFileSync(join(tmp, 'private.txt'), 'private');
  mkdirSync(join(tmp, 'elsewhere'));
  symlinkSync(join(tmp, 'private.txt'), join(study, 'escape.lnk'));
  symlinkSync(join(tmp, 'elsewhere'), join(study, 'escape-dir'));
  symlinkSync(join(study, 'series1', 'IM0001'), join(study, 'alias'));
  symlinkSync(join(study, 'nowhere'), join(study, 'broken'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function failure(promise: Promise<unknown>): Promise<IpcFailure> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IpcFailure);
  return error as IpcFailure;
}

describe('listFolderTree', () => {
  it('lists regular files recursively with sizes, and in-folder links to files', async () => {
    const tree = await listFolderTree(study);
    expect(tree.files).toEqual([
      { path: 'DICOMDIR', size: 3 },
      { path: 'alias', size: 300 },
      { path: 'series1/IM0001', size: 300 },
      { path: 'series1/deep/IM0002', size: 7 },
    ]);
  });

  it('never follows symlinks out of the folder and reports them, and broken links, as unreadable', async () => {
    const tree = await listFolderTree(study);
    expect(tree.unreadable.map((u) => u.path)).toEqual(['broken', 'escape-dir', 'escape.lnk']);
    expect(tree.unreadable.find((u) => u.path === 'escape.lnk')!.reason).toMatch(/outside the opened folder/);
    expect(tree.unreadable.find((u) => u.path === 'broken')!.reason).toMatch(/ENOENT/);
  });
});

describe('readFileRange (file:read)', () => {
  it('returns exactly bytes [start, end)', async () => {
    expect(await readFileRange(study, 'series1/IM0001', 10, 20)).toEqual(payload.slice(10, 20));
    expect(await readFileRange(study, 'series1/IM0001', 0, 300)).toEqual(payload);
  });

  it('clamps an end past EOF to the file size, like Blob.slice', async () => {
    expect(await readFileRange(study, 'series1/IM0001', 290, 10_000)).toEqual(payload.slice(290));
    expect((await readFileRange(study, 'series1/IM0001', 500, 600)).byteLength).toBe(0);
  });

  it('reads through a symlink that stays inside the folder', async () => {
    expect(await readFileRange(study, 'alias', 0, 5)).toEqual(payload.slice(0, 5));
  });

  it.each(['../private.txt', 'series1/../../private.txt', './DICOMDIR', 'series1//IM0001', 'series1\\IM0001'])(
    'refuses the non-plain path %s as OUTSIDE_FOLDER',
    async (path) => {
      expect((await failure(readFileRange(study, path, 0, 10))).code).toBe('OUTSIDE_FOLDER');
    },
  );

  it('refuses a symlink whose real target is outside the folder', async () => {
    const error = await failure(readFileRange(study, 'escape.lnk', 0, 10));
    expect(error.code).toBe('OUTSIDE_FOLDER');
  });

  it('answers NOT_FOUND for a missing file and for a folder', async () => {
    expect((await failure(readFileRange(study, 'missing', 0, 1))).code).toBe('NOT_FOUND');
    expect((await failure(readFileRange(study, 'series1', 0, 1))).code).toBe('NOT_FOUND');
  });
});

describe.skipIf(!hasSharedDicom)('real scanner folders (../shared/dicom)', () => {
  if (!hasSharedDicom) console.warn(sharedDicomSkipMessage);

  it.each([
    ['ge_01_Ax_DWI_TENSOR_R2', 14],
    ['siemens_xa30_17_DWI_AP_enh', 21],
  ])('%s lists its MANIFEST n_files=%i DICOM files, each read back with the DICM preamble marker', async (id, nFiles) => {
    const root = realpathSync(sharedSeriesDir(id));
    const tree = await listFolderTree(root);
    const dicomFiles = tree.files.filter((f) => f.path.startsWith('dicom/'));
    expect(dicomFiles).toHaveLength(nFiles);
    expect(tree.unreadable).toEqual([]);
    expect(tree.files.some((f) => f.path === 'LICENSE')).toBe(true);
    for (const file of dicomFiles) {
      expect(file.size).toBe(statSync(join(root, file.path)).size);
      const marker = await readFileRange(root, file.path, 128, 132);
      expect(new TextDecoder().decode(marker)).toBe('DICM');
    }
    expect(readdirSync(join(root, 'dicom')).length).toBe(nFiles);
  });
});
