import { mkdtemp, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExport } from '../../../src/cli/export';
import { buildExportFiles } from '../../../src/core/export/exportFiles';
import { twoVisitSession } from './sessionFixture';

const exportedAt = '2024-04-01T00:00:00.000Z';
let root: string;
let input: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dti-export-'));
  input = join(root, 'sessions');
  await mkdir(join(input, 'sub'), { recursive: true });
  await writeFile(join(input, 'sub', 'patient1.json'), JSON.stringify(twoVisitSession()));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('runExport (CLI)', () => {
  it('writes the same bytes as the app’s core export, deterministically', async () => {
    const out = join(root, 'out');
    const result = await runExport(input, out, { salt: 'cli-salt', exportedAt, appVersion: '0.1.0' });
    expect(result.written).toHaveLength(4);
    const expected = buildExportFiles([twoVisitSession()], { salt: 'cli-salt', dates: 'remove', include: [], units: 'trial', appVersion: '0.1.0', exportedAt }).files;
    for (const f of expected) expect(await readFile(join(out, f.name), 'utf8')).toBe(f.text);
    // Second run into a fresh folder: identical bytes.
    const out2 = join(root, 'out2');
    await runExport(input, out2, { salt: 'cli-salt', exportedAt, appVersion: '0.1.0' });
    for (const f of expected) expect(await readFile(join(out2, f.name))).toEqual(await readFile(join(out, f.name)));
  });

  it('refuses to write inside the input folder, directly or through a symlink', async () => {
    await expect(runExport(input, join(input, 'exports'), { salt: 's', exportedAt })).rejects.toThrow(/inside the input folder/);
    await expect(runExport(input, input, { salt: 's', exportedAt })).rejects.toThrow(/inside the input folder/);
    await symlink(join(input, 'sub'), join(root, 'innocent'));
    await expect(runExport(input, join(root, 'innocent'), { salt: 's', exportedAt })).rejects.toThrow(/inside the input folder/);
    // A symlink planted at a target file name pointing into the input folder.
    const out = join(root, 'out');
    await mkdir(out);
    await symlink(join(input, 'planted.csv'), join(out, 'dti_export_long.csv'));
    await expect(runExport(input, out, { salt: 's', exportedAt, force: true })).rejects.toThrow(/resolves into the input folder/);
    expect((await readdir(input)).sort()).toEqual(['sub']);
  });

  it('never overwrites an existing file without force, and writes nothing when refusing', async () => {
    const out = join(root, 'out');
    await mkdir(out);
    await writeFile(join(out, 'dti_export_wide.csv'), 'keep me');
    await expect(runExport(input, out, { salt: 's', exportedAt })).rejects.toThrow(/exists \(use --force/);
    expect(await readdir(out)).toEqual(['dti_export_wide.csv']);
    expect(await readFile(join(out, 'dti_export_wide.csv'), 'utf8')).toBe('keep me');
    await runExport(input, out, { salt: 's', exportedAt, force: true });
    expect(await readFile(join(out, 'dti_export_wide.csv'), 'utf8')).toMatch(/^subject,timepoint,infarct_core_FA_mean/);
  });

  it('rejects a malformed session file, naming it and the field', async () => {
    await writeFile(join(input, 'bad.json'), JSON.stringify({ ...twoVisitSession(), version: 2 }));
    await expect(runExport(input, join(root, 'out'), { salt: 's', exportedAt })).rejects.toThrow(/bad\.json: .*version/);
  });
});
