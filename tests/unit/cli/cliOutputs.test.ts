import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runConvert } from '../../../src/cli/convert';
import { runFit } from '../../../src/cli/fit';
import { hashUid } from '../../../src/core/export/deidentify';
import { removePartialFiles, writeOutputFile } from '../../../src/node/outputFiles';
import { writeSyntheticCtSeries } from '../../fixtures/syntheticCt';
import { writeSyntheticDtiStudy } from '../../fixtures/syntheticStudy';
import { hasSharedDicom, repoRoot, sharedDicomRoot, sharedDicomSkipMessage, sharedSeriesDir } from '../../helpers/sharedData';

const tmp = mkdtempSync(join(tmpdir(), 'cli-outputs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** A small DTI series with a sentinel in each identifying attribute the CLI could copy out. */
const dicom = join(tmp, 'SENTINELFOLDER');
const study = writeSyntheticDtiStudy(dicom, {
  dims: [16, 16, 4],
  directionCount: 6,
  snr: null,
  infarct: null,
  seriesNumber: 7,
  seriesDescription: 'SENTINEL SERIES',
  studyDescription: 'SENTINEL STUDY',
  patientName: 'SENTINELNAME^GIVEN',
  extraElements: () => ({ DeviceSerialNumber: 'SENTINELSERIAL', InstitutionName: 'SENTINEL HOSPITAL' }),
});
const quiet = () => vi.spyOn(console, 'error').mockImplementation(() => undefined);

function gunzipSafe(bytes: Buffer): Buffer {
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}

/** Every byte written under `dir` (NIfTI decompressed), as latin1 text. */
function allText(dir: string): string {
  return readdirSync(dir)
    .map((n) => {
      return gunzipSafe(readFileSync(join(dir, n))).toString('latin1');
    })
    .join('\n');
}

/** The pid of a process that has exited: a killed writer's. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('fit.json is de-identified by default', () => {
  it('no input path, no description, no UID: a keyed hash stable across runs; --keep-identifiers writes them', async () => {
    quiet();
    const out = join(tmp, 'fit-deid');
    await runFit(dicom, { method: 'ols', out, workers: 1 });
    const json = JSON.parse(readFileSync(join(out, 'fit.json'), 'utf8'));
    const text = allText(out);
    expect(text).not.toContain(dicom);
    expect(text).not.toContain(study.seriesInstanceUID);
    expect(text).not.toMatch(/SENTINEL/);
    expect(json.input).toBeUndefined();
    expect(json.seriesDescription).toBeUndefined();
    expect(json.seriesNumber).toBe(7);
    expect(json.seriesInstanceUID).toMatch(/^2\.25\.[1-9]\d*$/);

    // Same UID → same hash in a second run; keyed by the trial salt it equals the export's hash.
    await runFit(dicom, { method: 'ols', out, workers: 1, force: true });
    expect(JSON.parse(readFileSync(join(out, 'fit.json'), 'utf8')).seriesInstanceUID).toBe(json.seriesInstanceUID);
    await runFit(dicom, { method: 'ols', out, workers: 1, force: true, identifiers: { keep: false, salt: 'trial-salt' } });
    const salted = JSON.parse(readFileSync(join(out, 'fit.json'), 'utf8'));
    expect(salted.seriesInstanceUID).toBe(hashUid('trial-salt', study.seriesInstanceUID));
    expect(salted.seriesInstanceUID).not.toBe(json.seriesInstanceUID);

    await runFit(dicom, { method: 'ols', out, workers: 1, force: true, identifiers: { keep: true } });
    const kept = JSON.parse(readFileSync(join(out, 'fit.json'), 'utf8'));
    expect(kept).toMatchObject({ input: dicom, seriesInstanceUID: study.seriesInstanceUID, seriesDescription: 'SENTINEL SERIES' });
  });
});

describe('fit and convert never overwrite without --force', () => {
  it('fit refuses every existing output, before reading anything; --force replaces them', async () => {
    quiet();
    const out = join(tmp, 'fit-exists');
    mkdirSync(out);
    writeFileSync(join(out, 'FA.nii.gz'), 'user file');
    writeFileSync(join(out, 'fit.json'), '{"mine":true}');
    await expect(runFit(dicom, { method: 'ols', out, workers: 1 })).rejects.toThrow(
      `refused: these exist: ${join(out, 'FA.nii.gz')}, ${join(out, 'fit.json')} (use --force to overwrite)`,
    );
    expect(readdirSync(out).sort()).toEqual(['FA.nii.gz', 'fit.json']);
    expect(readFileSync(join(out, 'fit.json'), 'utf8')).toBe('{"mine":true}');
    await runFit(dicom, { method: 'ols', out, workers: 1, force: true });
    expect(JSON.parse(readFileSync(join(out, 'fit.json'), 'utf8')).estimator).toBe('ols');
    expect(gunzipSync(readFileSync(join(out, 'FA.nii.gz'))).length).toBeGreaterThan(348);
  });

  it('convert: de-identified names and header by default, refuses existing outputs, --force and --keep-identifiers', async () => {
    quiet();
    const out = join(tmp, 'convert');
    const written = await runConvert(dicom, out);
    expect(written.map((p) => p.slice(out.length + 1))).toEqual(['series_7.nii.gz', 'series_7.bval', 'series_7.bvec']);
    expect(allText(out)).not.toMatch(/SENTINEL/);
    const before = statSync(written[0]).mtimeMs;
    await expect(runConvert(dicom, out)).rejects.toThrow(/refused: these exist: .*series_7\.nii\.gz.*series_7\.bvec \(use --force to overwrite\)/);
    expect(statSync(written[0]).mtimeMs).toBe(before);
    expect(await runConvert(dicom, out, { force: true })).toEqual(written);

    const keptOut = join(tmp, 'convert-kept');
    const kept = await runConvert(dicom, keptOut, { identifiers: { keep: true } });
    expect(kept.map((p) => p.slice(keptOut.length + 1))).toEqual(['7_SENTINEL_SERIES.nii.gz', '7_SENTINEL_SERIES.bval', '7_SENTINEL_SERIES.bvec']);
    expect(gunzipSafe(readFileSync(kept[0])).subarray(148, 228).toString('latin1')).toMatch(/SENTINEL SERIES/);
  });
});

describe.skipIf(!hasSharedDicom)(`convert on the real philips_701 series (${hasSharedDicom ? 'shared data present' : sharedDicomSkipMessage})`, () => {
  it('names the files by series number and keeps the description out of the header unless --keep-identifiers', async () => {
    quiet();
    const input = join(sharedSeriesDir('philips_701_DTI_Biobank_cl'), 'dicom');
    const out = join(tmp, 'philips-convert');
    const written = await runConvert(input, out);
    expect(written.map((p) => p.slice(out.length + 1))).toEqual(['series_701.nii.gz', 'series_701.bval', 'series_701.bvec']);
    const descrip = (path: string) => gunzipSafe(readFileSync(path)).subarray(148, 228).toString('latin1').replace(/\0+$/, '');
    expect(descrip(written[0])).toBe('Philips');
    expect(allText(out)).not.toContain(sharedDicomRoot);
    const keptOut = join(tmp, 'philips-convert-kept');
    const kept = await runConvert(input, keptOut, { identifiers: { keep: true } });
    expect(kept[0].slice(keptOut.length + 1)).toMatch(/^701_.*DTI.*\.nii\.gz$/);
    expect(descrip(kept[0])).toMatch(/^Philips .*DTI/);
  });
});

describe('a temporary file left by a killed write is removed at the next run', () => {
  it('writeOutputFile leaves only the finished file; removePartialFiles removes a dead writer’s temporary file, not a live one’s', async () => {
    const dir = join(tmp, 'partials');
    mkdirSync(dir);
    await writeOutputFile(join(dir, 'a.json'), '{}');
    expect(readdirSync(dir)).toEqual(['a.json']);
    const dead = `.FA.nii.gz.${deadPid()}.3.dti-partial`;
    const live = `.MD.nii.gz.${process.pid}.9.dti-partial`;
    for (const n of [dead, live, 'user.dti-partial']) writeFileSync(join(dir, n), 'half');
    expect(await removePartialFiles(dir)).toEqual([dead]);
    expect(readdirSync(dir).sort()).toEqual([live, 'a.json', 'user.dti-partial'].sort());
    expect(await removePartialFiles(join(tmp, 'no-such-folder'))).toEqual([]);
  });

  it('fit removes it (and says so) before writing', async () => {
    const errors = quiet();
    const out = join(tmp, 'fit-partial');
    mkdirSync(out);
    const dead = `.fit.json.${deadPid()}.1.dti-partial`;
    writeFileSync(join(out, dead), '{"half');
    await runFit(dicom, { method: 'ols', out, workers: 1 });
    expect(readdirSync(out).filter((n) => n.endsWith('.dti-partial'))).toEqual([]);
    expect(errors.mock.calls.map((c) => String(c[0]))).toContain(`removed ${join(out, dead)}: left by an interrupted run`);
  });
});

describe('convert on a folder without a diffusion series', () => {
  const ct = join(tmp, 'ct-only');
  writeSyntheticCtSeries(ct, { dims: [16, 16, 3] });

  it('fails naming the folder, and writes nothing', async () => {
    quiet();
    const out = join(tmp, 'convert-ct');
    await expect(runConvert(ct, out)).rejects.toThrow(`no diffusion series in ${ct} (1 other series, 0 files skipped): nothing converted`);
    expect(existsSync(out)).toBe(false);
  });

  it('the command says so on stderr and exits non-zero', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), 'convert', ct, '--out', join(tmp, 'convert-ct-cli')], { encoding: 'utf8', cwd: repoRoot });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`no diffusion series in ${ct}`);
    expect(r.stdout).toBe('');
  });
});
