import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFitAll } from '../../../src/cli/fitAll';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir } from '../../helpers/sharedData';
import { el, mrElements, part10 } from '../dicom/dicomBytes';
import { readNifti } from '../dti/refNifti';

const root = mkdtempSync(join(tmpdir(), 'dti-fit-all-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A 7-volume DTI series whose last image lies in another plane: indexed as DTI, refused when planned. */
function writeBrokenSeries(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const directions = [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [0.7071, 0.7071, 0], [0.7071, 0, 0.7071], [0, 0.7071, 0.7071]];
  directions.forEach((g, i) => {
    const b = i === 0 ? 0 : 1000;
    const orientation = i === 6 ? [1, 0, 0, 0, 0, -1] : [1, 0, 0, 0, 1, 0];
    const extra = [el(0x0018, 0x9087, 'FD', { fd: [b] }), el(0x0018, 0x9089, 'FD', { fd: g })];
    writeFileSync(join(dir, `IM${i}.dcm`), part10(mrElements({ instance: i + 1, position: [0, 0, 0], orientation, seriesUID: '1.2.3.999', extra })));
  });
}

describe.skipIf(!hasSharedDicom)(`fit --all on a trial folder${hasSharedDicom ? '' : ` (${sharedDicomSkipMessage})`}`, () => {
  it('fits every DTI series of the tree into a mirrored layout, lists the one that fails, and writes the summary', async () => {
    const trial = join(root, 'trial');
    cpSync(join(sharedSeriesDir('uih_9_dti_dir16_AP_134431'), 'dicom'), join(trial, 'S01', '24h'), { recursive: true });
    cpSync(join(sharedSeriesDir('philips_601_dti_ax_r5p3'), 'dicom'), join(trial, 'S01', 'day14'), { recursive: true });
    writeBrokenSeries(join(trial, 'S02', '24h'));
    const out = join(root, 'maps');

    const rows = await runFitAll(trial, { method: 'wls', out, workers: 2 });
    expect(rows.map((r) => [r.folder, r.status])).toEqual([
      [join('S01', '24h', 'series_9'), 'fitted'],
      [join('S01', 'day14', 'series_601'), 'fitted'],
      [join('S02', '24h', 'series_7'), 'failed'],
    ]);
    expect(rows[2].error).toMatch(/different orientations/);
    for (const row of rows.slice(0, 2)) {
      const json = JSON.parse(readFileSync(join(out, row.folder, 'fit.json'), 'utf8'));
      expect(json.counts.fitted).toBe(row.voxels);
      expect(json.seriesNumber).toBe(row.seriesNumber);
      // De-identified by default, as a single fit.
      expect(json.seriesDescription).toBeUndefined();
      expect(readNifti(join(out, row.folder, 'FA.nii.gz')).dims.slice(0, 3)).toEqual(json.dims.slice(0, 3));
    }
    expect(existsSync(join(out, rows[2].folder, 'fit.json'))).toBe(false);
    const csv = readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('folder,seriesNumber,manufacturer,directions,status,voxels,seconds,error');
    expect(csv).toHaveLength(4);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toEqual(rows);

    // A second run refuses to overwrite, naming the outputs, before fitting anything; --force replaces them.
    await expect(runFitAll(trial, { method: 'wls', out, workers: 2 })).rejects.toThrow(/summary\.csv.*use --force/s);
    const again = await runFitAll(trial, { method: 'wls', out, workers: 2, force: true });
    expect(again.map((r) => r.voxels)).toEqual(rows.map((r) => r.voxels));
  });
});
