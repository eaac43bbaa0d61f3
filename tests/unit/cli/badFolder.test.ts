import * as fs from 'node:fs';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runFit } from '../../../src/cli/fit';
import { listFolder } from '../../../src/cli/nodeFileSource';
import { writeSyntheticDtiStudy } from '../../fixtures/syntheticStudy';

// Running as root (CI containers), chmod cannot make a folder unreadable: readdirSync refuses the
// one folder named "locked" instead, as it does for a user without permission.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const readdirSync = ((path: fs.PathLike, options?: unknown) => {
    if (String(path).endsWith('/locked')) throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(path)}'`), { code: 'EACCES' });
    return (real.readdirSync as (p: fs.PathLike, o?: unknown) => unknown)(path, options);
  }) as typeof real.readdirSync;
  return { ...real, readdirSync, default: { ...real, readdirSync } };
});

const tmp = mkdtempSync(join(tmpdir(), 'cli-bad-folder-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('CLI folder reading: what cannot be read is named with its reason, the rest goes on', () => {
  it('listFolder leaves out an unreadable subfolder (and says why), lists the rest; an unreadable folder itself is an error naming it', async () => {
    const root = join(tmp, 'listing');
    mkdirSync(join(root, 'locked'), { recursive: true });
    mkdirSync(join(root, 'open'));
    writeFileSync(join(root, 'locked/hidden.dcm'), 'x');
    writeFileSync(join(root, 'open/a.dcm'), 'aa');
    writeFileSync(join(root, 'top.dcm'), 'ttt');
    const unreadable: { path: string; reason: string }[] = [];
    const files = await listFolder(root, undefined, unreadable);
    expect(files.map((f) => f.path)).toEqual(['open/a.dcm', 'top.dcm']);
    expect(unreadable).toEqual([{ path: 'locked', reason: expect.stringMatching(/^folder not readable: EACCES: permission denied/) }]);
    await expect(listFolder(join(tmp, 'no-such-folder'))).rejects.toThrow(`cannot read folder ${join(tmp, 'no-such-folder')}: ENOENT: no such file or directory`);
  });

  it('fit: a truncated stray copy, a text file and a locked subfolder are reported and recorded in fit.json; the series is still fitted', async () => {
    const folder = join(tmp, 'study-ok');
    const written = writeSyntheticDtiStudy(folder, { dims: [24, 24, 6], directionCount: 6, snr: null, infarct: null });
    copyFileSync(join(folder, written.files[3]), join(folder, 'stray-copy.dcm'));
    truncateSync(join(folder, 'stray-copy.dcm'), fs.statSync(join(folder, 'stray-copy.dcm')).size - 100);
    writeFileSync(join(folder, 'notes.txt'), 'reader notes, not DICOM');
    mkdirSync(join(folder, 'locked'));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const out = join(tmp, 'maps-ok');
    await runFit(folder, { method: 'ols', out, workers: 1 });
    const json = JSON.parse(readFileSync(join(out, 'fit.json'), 'utf8'));
    expect(json.skippedFiles.map((s: { path: string }) => s.path)).toEqual(['locked', 'notes.txt', 'stray-copy.dcm']);
    const reason = (path: string): string => json.skippedFiles.find((s: { path: string }) => s.path === path).reason;
    expect(reason('locked')).toMatch(/^folder not readable: EACCES/);
    expect(reason('notes.txt')).toMatch(/not a DICOM file/i);
    expect(reason('stray-copy.dcm')).toMatch(/truncated|shorter|end of/i);
    // Each also on stderr, as it is met, naming the file; fit.json (de-identified) writes the input folder as <input>.
    const printed = errors.mock.calls.map((c) => String(c[0]));
    for (const s of json.skippedFiles) expect(printed).toContain(`skipped ${s.path}: ${s.reason.replace('<input>', folder)}`);
    expect(reason('locked')).toContain(`'<input>/locked'`);
    expect(readFileSync(join(out, 'fit.json'), 'utf8')).not.toContain(folder);
    expect(json.counts.fitted).toBeGreaterThan(0);
  });

  it('fit: a truncated image of the series itself fails the fit; the file and why were printed before the series error', async () => {
    const folder = join(tmp, 'study-broken');
    const written = writeSyntheticDtiStudy(folder, { dims: [24, 24, 6], directionCount: 6, snr: null, infarct: null });
    const broken = written.files[10];
    truncateSync(join(folder, broken), fs.statSync(join(folder, broken)).size - 100);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(runFit(folder, { method: 'ols', out: join(tmp, 'maps-broken'), workers: 1 })).rejects.toThrow(/missing or extra images|slices|images/);
    expect(errors.mock.calls.map((c) => String(c[0])).find((l) => l.startsWith(`skipped ${broken}: `))).toMatch(/truncated|shorter|end of/i);
  });
});
