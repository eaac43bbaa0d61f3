import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPerfusion } from '../../../src/cli/perfusion';
import type { Mat4 } from '../../../src/core/math/types';
import { dtiNiftiImage } from '../../../src/core/nifti/dtiNiftiImage';
import { writeNifti } from '../../../src/core/nifti/writeNifti';
import { writeDicomFile } from '../../fixtures/dicomWriter';
import { twoPhaseTimes } from '../../fixtures/perfusionCurves';
import { PHANTOM_TISSUES, perfusionPhantom } from '../../fixtures/perfusionPhantom';
import { ctpSeriesImages } from '../../fixtures/syntheticCtp';
import { readNifti } from '../dti/refNifti';

const root = mkdtempSync(join(tmpdir(), 'ctp-cli-options-'));
const folder = join(root, 'dicom');
const moved = join(root, 'moved');
const TIMES = twoPhaseTimes(1, 45, 4, 120);
/** The series' grid: 2 × 2 × 5 mm voxels from (−7, −7, 20) LPS, axial (ctpSeriesImages below). */
const AFFINE: Mat4 = [2, 0, 0, -7, 0, 2, 0, -7, 0, 0, 5, 20, 0, 0, 0, 1];
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(() => {
  const hu = perfusionPhantom(TIMES);
  const spec = { dims: [8, 8, 2] as [number, number, number], spacing: [2, 2, 5] as [number, number, number], origin: [-7, -7, 20] as [number, number, number], times: [TIMES], tagging: 'acquisition-time' as const };
  for (const im of ctpSeriesImages({ ...spec, hu })) writeDicomFile(join(folder, im.name), im.elements);
  // The head two columns (4 mm) further along i from 60 s on, air (−1000 HU) where it left.
  const shifted = (i: number, j: number, k: number, t: number) => (t >= 60 ? (i < 2 ? -1000 : hu(i - 2, j, k, t)) : i >= 6 ? -1000 : hu(i, j, k, t));
  for (const im of ctpSeriesImages({ ...spec, hu: shifted })) writeDicomFile(join(moved, im.name), im.elements);
});

/** A mask NIfTI (.nii.gz) with the given voxels (i, j, k of the series) set, on `affine` and `dims`. */
function maskFile(name: string, voxels: [number, number, number][], dims: [number, number, number] = [8, 8, 2], affine: Mat4 = AFFINE): string {
  const data = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (const [i, j, k] of voxels) data[i + dims[0] * (j + dims[1] * k)] = 1;
  const path = join(root, name);
  writeFileSync(path, writeNifti(dtiNiftiImage({ dims, affine }, 'uint8', data, name), true));
  return path;
}

describe('cli perfusion: AIF/VOF masks, smoothing, motion', () => {
  it('takes the AIF and VOF as NIfTI masks (mean curve), records them, and maps within the OSIPI criteria', async () => {
    const out = join(root, 'masks');
    const aifMask = maskFile('aif.nii.gz', [[1, 1, 0], [1, 1, 1]]);
    const vofMask = maskFile('vof.nii.gz', [[6, 1, 0], [6, 1, 1]]);
    const { provenance } = await runPerfusion(folder, { out, aifMask, vofMask, hematocritFactor: 1, density: 1 });
    const json = JSON.parse(readFileSync(join(out, 'perfusion.json'), 'utf8'));
    expect(json.aif).toMatchObject({ source: 'mask', automatic: false, maskFile: aifMask, maskVoxels: 2 });
    expect(json.vof).toMatchObject({ source: 'mask', automatic: false, maskFile: vofMask, maskVoxels: 2 });
    expect([[1, 1, 0], [1, 1, 1]]).toContainEqual(json.aif.voxel);
    expect(provenance.motion).toMatchObject({ maxFrameDisplacementMm: 0, betweenFrames: null, warningAboveMm: 2 });
    expect(json.method.smoothing).toMatchObject({ temporalFwhmS: 0, inPlaneFwhmMm: 0 });
    expect(json.workers).toBe(2);
    const cbf = readNifti(join(out, 'CBF.nii.gz'));
    const cbv = readNifti(join(out, 'CBV.nii.gz'));
    PHANTOM_TISSUES.forEach((tissue, row) => {
      const n = 4 + 8 * (7 - (row + 2)) + 64;
      expect(Math.abs(cbf.data[n] - tissue.cbf)).toBeLessThanOrEqual(15 + 0.1 * tissue.cbf);
      expect(Math.abs(cbv.data[n] - (tissue.cbf * tissue.mtt) / 60)).toBeLessThanOrEqual(1 + 0.1 * (tissue.cbf * tissue.mtt) / 60);
    });
  });

  it('refuses a mask of another size or position, naming the file and the reason', async () => {
    const bigger = maskFile('bigger.nii.gz', [[1, 1, 0]], [8, 8, 3]);
    await expect(runPerfusion(folder, { out: join(root, 'a'), aifMask: bigger })).rejects.toThrow(`${bigger}: the mask is 8×8×3 voxels, the series 8×8×2`);
    const shifted: Mat4 = [...AFFINE];
    shifted[3] += 10;
    const elsewhere = maskFile('elsewhere.nii.gz', [[1, 1, 0]], [8, 8, 2], shifted);
    await expect(runPerfusion(folder, { out: join(root, 'b'), vofMask: elsewhere })).rejects.toThrow(`${elsewhere}: the mask's voxel-to-patient transform differs from the series' by up to 10.00 mm`);
    const notNifti = join(root, 'notes.nii.gz');
    writeFileSync(notNifti, 'not an image');
    await expect(runPerfusion(folder, { out: join(root, 'c'), aifMask: notNifti })).rejects.toThrow(`${notNifti}: not a NIfTI file`);
    await expect(runPerfusion(folder, { out: join(root, 'd'), aifMask: join(root, 'absent.nii') })).rejects.toThrow(/absent\.nii: cannot read the mask \(ENOENT\)/);
    await expect(runPerfusion(folder, { out: join(root, 'e'), aifMask: maskFile('none.nii.gz', []) })).rejects.toThrow(/AIF mask is empty/);
    await expect(runPerfusion(folder, { out: join(root, 'f'), aif: [-5, -5, 20], aifMask: bigger })).rejects.toThrow(/--aif or --aif-mask, not both/);
  });

  it('smooths when asked and says so in perfusion.json; refuses a negative width', async () => {
    const out = join(root, 'smooth');
    const { provenance } = await runPerfusion(folder, { out, smoothTimeS: 2, smoothPlaneMm: 3, hematocritFactor: 1, density: 1 });
    expect((provenance.method as { smoothing: unknown }).smoothing).toMatchObject({ temporalFwhmS: 2, inPlaneFwhmMm: 3 });
    const plain = readNifti(join(root, 'masks', 'CBF.nii.gz')).data;
    const smoothed = readNifti(join(out, 'CBF.nii.gz')).data;
    expect(smoothed.some((v, n) => Math.abs(v - plain[n]) > 0.5)).toBe(true);
    await expect(runPerfusion(folder, { out: join(root, 'g'), smoothTimeS: -1 })).rejects.toThrow(/--smooth-time must be 0 or more/);
  });

  it('measures head motion: 4 mm between two frames is reported and warned about', async () => {
    const out = join(root, 'motion');
    const { provenance } = await runPerfusion(moved, { out, aif: [-5, -5, 20], vof: [5, -5, 20] });
    const frame = TIMES.findIndex((t) => t >= 60);
    expect(provenance.motion).toMatchObject({ maxFrameDisplacementMm: expect.closeTo(4, 6), betweenFrames: [frame - 1, frame] });
    expect(provenance.warnings).toContain(`head moved 4.0 mm between frames ${frame - 1} and ${frame} (more than 2 mm): the maps may be unreliable`);
  });
});
