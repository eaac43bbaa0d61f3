import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveExport } from '../../../electron/export/saveExport';
import { hasSharedDicom, sharedSeriesDir } from '../../helpers/sharedData';

/** tmp/source is an opened source folder; tmp/exports is where exports may go. */
let tmp: string;
let source: string;
let exportsDir: string;

beforeAll(() => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'dti-save-')));
  source = join(tmp, 'source');
  exportsDir = join(tmp, 'exports');
  mkdirSync(join(source, 'sub'), { recursive: true });
  mkdirSync(exportsDir);
  writeFileSync(join(source, 'IM0001'), 'original');
  symlinkSync(source, join(exportsDir, 'looks-safe'));
  symlinkSync(join(source, 'IM0001'), join(exportsDir, 'planted.csv'));
  symlinkSync(join(source, 'not-yet.csv'), join(exportsDir, 'dangling.csv'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('saveExport', () => {
  it('writes the bytes atomically to a path outside every source folder', async () => {
    const target = join(exportsDir, 'trial.csv');
    expect(await saveExport(target, 'id,fa\n1,0.42\n', [source])).toEqual({ saved: true, path: target });
    expect(readFileSync(target, 'utf8')).toBe('id,fa\n1,0.42\n');
    const bin = join(exportsDir, 'trial.zip');
    expect(await saveExport(bin, new Uint8Array([80, 75, 3, 4]).subarray(1, 3), [source])).toMatchObject({ saved: true });
    expect([...readFileSync(bin)]).toEqual([75, 3]);
  });

  it.each([
    ['directly in the source folder', () => join(source, 'export.csv')],
    ['in a subfolder of the source', () => join(source, 'sub', 'export.csv')],
    ['over a source file', () => join(source, 'IM0001')],
    ['through a symlinked directory', () => join(exportsDir, 'looks-safe', 'export.csv')],
    ['through a symlink planted at the target name', () => join(exportsDir, 'planted.csv')],
    ['through a dangling symlink pointing into the source', () => join(exportsDir, 'dangling.csv')],
  ])('refuses a target %s and leaves the source untouched', async (_label, target) => {
    const result = await saveExport(target(), 'export', [source]);
    expect(result.saved).toBe(false);
    if (!result.saved) expect(result.reason).toMatch(/inside the opened source folder/);
    expect(readFileSync(join(source, 'IM0001'), 'utf8')).toBe('original');
    expect(existsSync(join(source, 'export.csv'))).toBe(false);
    expect(existsSync(join(source, 'not-yet.csv'))).toBe(false);
  });

  it('replaces an existing file only when the user confirms, and asks only then', async () => {
    const target = join(exportsDir, 'again.csv');
    const asked: string[] = [];
    const answer = (yes: boolean) => async (path: string) => {
      asked.push(path);
      return yes;
    };
    expect(await saveExport(target, 'first', [source], answer(false))).toEqual({ saved: true, path: target });
    expect(asked).toEqual([]);
    expect(await saveExport(target, 'second', [source])).toEqual({ saved: false, reason: `not overwritten: ${target} exists` });
    expect(await saveExport(target, 'second', [source], answer(false))).toMatchObject({ saved: false });
    expect(readFileSync(target, 'utf8')).toBe('first');
    expect(await saveExport(target, 'second', [source], answer(true))).toEqual({ saved: true, path: target });
    expect(readFileSync(target, 'utf8')).toBe('second');
    expect(asked).toEqual([target, target]);
    // A target inside the source is refused before anyone is asked.
    expect(await saveExport(join(source, 'IM0001'), 'x', [source], answer(true))).toMatchObject({ saved: false });
    expect(asked).toHaveLength(2);
    expect(readFileSync(join(source, 'IM0001'), 'utf8')).toBe('original');
  });

  it('reports a write failure instead of throwing', async () => {
    const result = await saveExport(join(exportsDir, 'missing-dir', 'x.csv'), 'x', [source]);
    expect(result.saved).toBe(false);
    if (!result.saved) expect(result.reason).toMatch(/could not write .*ENOENT/);
  });

  // On a temporary copy of two of its files: a regression must never write into ../shared/dicom.
  it.skipIf(!hasSharedDicom)('refuses to write into a (copied) real scanner folder', async () => {
    const real = join(sharedSeriesDir('ge_01_Ax_DWI_TENSOR_R2'), 'dicom');
    const root = join(tmp, 'scanner-copy');
    mkdirSync(join(root, 'dicom'), { recursive: true });
    const names = readdirSync(real).sort().slice(0, 2);
    for (const n of names) copyFileSync(join(real, n), join(root, 'dicom', n));
    const result = await saveExport(join(root, 'dicom', 'export.csv'), 'x', [root]);
    expect(result).toMatchObject({ saved: false });
    if (!result.saved) expect(result.reason).toMatch(/inside the opened source folder/);
    expect(readdirSync(join(root, 'dicom')).sort()).toEqual(names);
  });

  it.each(['NUL.csv', 'con', 'Aux.tar.gz', 'com1.json', 'LPT9.csv', 'prn .csv', 'COM\u00b9.csv'])('refuses the Windows device name %j, writing nothing', async (name) => {
    const result = await saveExport(join(exportsDir, name), 'x', [source]);
    expect(result).toEqual({ saved: false, reason: expect.stringMatching(/is a Windows device name/) });
    expect(existsSync(join(exportsDir, name))).toBe(false);
  });

  it('refuses a name with a bidirectional override (an extension in disguise), writing nothing', async () => {
    const name = 'report\u202Evsc.exe';
    expect(await saveExport(join(exportsDir, name), 'x', [source])).toEqual({ saved: false, reason: expect.stringMatching(/bidirectional-override character \(U\+202E\)/) });
    expect(existsSync(join(exportsDir, name))).toBe(false);
  });
});
