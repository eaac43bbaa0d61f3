import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInspect } from '../../../src/cli/inspect';
import { runPerfusion } from '../../../src/cli/perfusion';
import { parsePoint } from '../../../src/cli/perfusionArgs';
import { writeDicomFile } from '../../fixtures/dicomWriter';
import { twoPhaseTimes } from '../../fixtures/perfusionCurves';
import { PHANTOM_TISSUES, perfusionPhantom } from '../../fixtures/perfusionPhantom';
import { ctpSeriesImages } from '../../fixtures/syntheticCtp';
import { readNifti } from '../dti/refNifti';

const root = mkdtempSync(join(tmpdir(), 'ctp-cli-'));
const folder = join(root, 'dicom');
const TIMES = twoPhaseTimes(1, 45, 4, 120);
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(() => {
  const images = ctpSeriesImages({ dims: [8, 8, 2], spacing: [2, 2, 5], origin: [-7, -7, 20], times: [TIMES], hu: perfusionPhantom(TIMES), tagging: 'acquisition-time' });
  for (const im of images) writeDicomFile(join(folder, im.name), im.elements);
  writeFileSync(join(folder, 'notes.txt'), 'not DICOM');
});

describe('cli perfusion', () => {
  it('writes every map, the mask and perfusion.json with the series, times, AIF/VOF and constants', async () => {
    const out = join(root, 'auto');
    const { files, provenance } = await runPerfusion(folder, { out, hematocritFactor: 1, density: 1 });
    for (const name of ['CBF', 'CBV', 'MTT', 'Tmax', 'TTP', 'PS', 'PatlakVb', 'mask']) expect(files).toContain(join(out, `${name}.nii.gz`));
    const json = JSON.parse(readFileSync(join(out, 'perfusion.json'), 'utf8'));
    expect(json).toEqual(JSON.parse(JSON.stringify(provenance)));
    expect(json).toMatchObject({
      seriesNumber: 4,
      dims: [8, 8, 2, TIMES.length],
      frameTimes: { source: 'acquisition-time' },
      aif: { voxel: [1, 1, 0], automatic: true },
      vof: { voxel: [6, 1, 0], automatic: true },
      constants: { hematocritFactor: 1, density: 1 },
      units: { CBF: 'ml/100g/min', PS: 'ml/100g/min', Tmax: 's' },
      skippedFiles: [{ path: 'notes.txt', reason: expect.any(String) }],
    });
    expect(json.aif.lpsMm).toEqual([-5, -5, 20]);
    json.frameTimes.slabs[0].timesS.forEach((t: number, i: number) => expect(t).toBeCloseTo(TIMES[i], 5));
    expect(json.aif.hu).toHaveLength(TIMES.length);
    // NIfTI rows run up the image: voxel (i, j, k) is at (i, ny − 1 − j, k).
    const cbf = readNifti(join(out, 'CBF.nii.gz'));
    const ps = readNifti(join(out, 'PS.nii.gz'));
    expect(cbf.dims).toEqual([8, 8, 2]);
    PHANTOM_TISSUES.forEach((tissue, row) => {
      const n = 4 + 8 * (7 - (row + 2)) + 64;
      expect(Math.abs(cbf.data[n] - tissue.cbf)).toBeLessThanOrEqual(15 + 0.1 * tissue.cbf);
      expect(Math.abs(ps.data[n] - tissue.ps)).toBeLessThanOrEqual(0.5 + 0.1 * tissue.ps);
    });
  });

  it('takes the AIF at a given LPS point, and the default constants scale flow by 0.733/1.04', async () => {
    const auto = JSON.parse(readFileSync(join(root, 'auto', 'perfusion.json'), 'utf8'));
    const out = join(root, 'point');
    const { provenance } = await runPerfusion(folder, { out, aif: [-5, -5, 25], vof: [5, -5, 25] });
    expect(provenance).toMatchObject({ aif: { voxel: [1, 1, 1], automatic: false }, vof: { voxel: [6, 1, 1], automatic: false } });
    expect(provenance.constants).toMatchObject({ hematocritFactor: (1 - 0.45) / (1 - 0.25), density: 1.04 });
    const n = 4 + 8 * 5 + 64;
    const scaled = readNifti(join(out, 'CBF.nii.gz')).data[n];
    const unit = readNifti(join(root, 'auto', 'CBF.nii.gz')).data[n];
    expect(scaled / unit).toBeCloseTo(0.7333 / 1.04, 2);
    expect(auto.aif.voxel).toEqual([1, 1, 0]);
  });

  it('inspect shows a CT perfusion series with its grid, frames, duration and the source of its times', async () => {
    const text = await runInspect(folder, { json: false });
    expect(text).toMatch(/^4 +ctp +128 /m);
    expect(text).toContain('  dims      8 × 8 × 2 slices × 64 frames, 1 table position');
    expect(text).toContain('  frames    120.0 s, every 1.00–4.00 s (times from acquisition-time)');
    const json = JSON.parse(await runInspect(folder, { json: true }));
    expect(json.series[0].perfusion).toEqual({ timeSource: 'acquisition-time', tablePositions: 1, durationS: 120, intervalS: [1, 4] });
  });

  it('refuses bad points and constants with the reason, and an output inside the input', async () => {
    expect(() => parsePoint('1,2', '--aif')).toThrow(/--aif needs a point x,y,z in patient LPS mm/);
    await expect(runPerfusion(folder, { out: join(root, 'x'), aif: [500, 0, 0] })).rejects.toThrow(/point \(500, 0, 0\) mm LPS lies outside the series/);
    await expect(runPerfusion(folder, { out: join(root, 'y'), density: 0 })).rejects.toThrow(/--density must be a positive number/);
    await expect(runPerfusion(folder, { out: join(folder, 'maps') })).rejects.toThrow(/refusing to write into the input folder/);
  });
});
