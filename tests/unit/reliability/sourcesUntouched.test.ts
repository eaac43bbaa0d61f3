import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConvert } from '../../../src/cli/convert';
import { listFolder } from '../../../src/cli/nodeFileSource';
import { createFrameDecoder } from '../../../src/codecs/createFrameDecoder';
import { planSeries } from '../../../src/core/dicom/geometry/planSeries';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import { fitVolume } from '../../../src/core/dti/fitVolume';
import { assembleVolume } from '../../../src/core/volume/assembleVolume';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir } from '../../helpers/sharedData';

/**
 * The whole Node pipeline — index → assemble → tensor fit → NIfTI convert — leaves a source folder
 * byte-for-byte as it found it: same files, same contents, same modification times, nothing added.
 * Runs on a writable copy of a real GE series, so an accidental write would succeed and be seen
 * (the shared data itself is read-only and would only turn a write into an error).
 */

const SERIES = 'ge_01_Ax_DWI_TENSOR_R2';

/** Every entry under `dir` (files and folders, recursive) → sha256 of files, 'dir' for folders, plus mtime. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(dir, name);
    const info = statSync(path);
    out[name] = info.isDirectory() ? 'dir' : `${createHash('sha256').update(readFileSync(path)).digest('hex')} ${info.size} ${info.mtimeMs}`;
  }
  return out;
}

describe.skipIf(!hasSharedDicom)(`source folders stay untouched (${hasSharedDicom ? SERIES : sharedDicomSkipMessage})`, () => {
  let work: string;
  let source: string;
  let before: Record<string, string>;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'untouched-'));
    source = join(work, 'source');
    cpSync(join(sharedSeriesDir(SERIES), 'dicom'), source, { recursive: true });
    for (const f of readdirSync(source)) chmodSync(join(source, f), 0o644);
    chmodSync(source, 0o755);
    before = snapshot(source);
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('index → assemble → fit → convert writes only to the output folder', async () => {
    expect(Object.keys(before).length).toBe(14);

    const files = await listFolder(source);
    const index = await indexFiles(files);
    expect(index.skipped).toEqual([]);
    const series = index.patients[0].studies[0].series.find((s) => s.kind === 'dwi')!;
    const volume = await assembleVolume(planSeries(series), new Map(files.map((f) => [f.path, f])), createFrameDecoder());
    // dcm2niix: 256×256, 2 slices, 7 volumes (b = 0 plus 6 directions at b = 1000).
    expect(volume.dims).toEqual([256, 256, 2, 7]);
    const maps = fitVolume(volume, { estimator: 'wls' });
    expect(maps.dims).toEqual([256, 256, 2]);
    expect(maps.counts.fitted).toBeGreaterThan(0);

    const out = join(work, 'nifti');
    const written = await runConvert(source, out);
    expect(written.map((p) => relative(out, p)).sort()).toEqual(['series_1.bval', 'series_1.bvec', 'series_1.nii.gz'].sort());

    expect(snapshot(source)).toEqual(before);
  });

  it('convert refuses an output folder inside the source folder, and the folder itself', async () => {
    await expect(runConvert(source, join(source, 'nifti'))).rejects.toThrow(/refusing to write into the input folder/);
    await expect(runConvert(source, join(source, 'a', '..', 'b', 'deeper'))).rejects.toThrow(/refusing to write into the input folder/);
    await expect(runConvert(source, source)).rejects.toThrow(/refusing to write into the input folder/);
    expect(existsSync(join(source, 'nifti'))).toBe(false);
    expect(snapshot(source)).toEqual(before);
  });

  // The check compares real paths: a symlink into the source must not smuggle a write in.
  it('convert refuses an output path that reaches the source folder through a symbolic link', async () => {
    const link = join(work, 'link-to-source');
    symlinkSync(source, link, 'dir');
    await expect(runConvert(source, join(link, 'nifti'))).rejects.toThrow(/refusing to write into the input folder/);
    expect(snapshot(source)).toEqual(before);
  });
});
