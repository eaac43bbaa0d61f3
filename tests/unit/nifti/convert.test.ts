import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runConvert } from '../../../src/cli/convert';
import { hasSharedDicom, sharedSeriesDir } from '../../helpers/sharedData';
import { readNifti } from './readNifti';

/** `convert` on real series reproduces dcm2niix's NIfTI voxels, sform, .bval and .bvec. */
const out = mkdtempSync(join(tmpdir(), 'dti-convert-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.skipIf(!hasSharedDicom)('runConvert', () => {
  for (const [id, stem, tolerance] of [
    ['ge_01_Ax_DWI_TENSOR_R2', 'Ax_DWI_TENSOR_R2_1', 0],
    ['siemens_xa30_17_DWI_AP_enh', '17_DWI_dir80_AP', 0],
  ] as const) {
    it(`${id} matches dcm2niix`, async () => {
      const dir = join(out, id);
      const written = await runConvert(join(sharedSeriesDir(id), 'dicom'), dir);
      expect(written).toHaveLength(3);
      const ref = (ext: string) => join(sharedSeriesDir(id), 'ref', `${stem}${ext}`);
      const ours = readNifti(new Uint8Array(readFileSync(written[0])));
      const theirs = readNifti(new Uint8Array(readFileSync(ref('.nii.gz'))));
      expect(ours.header.dims.slice(0, 5)).toEqual(theirs.header.dims.slice(0, 5));
      for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) expect(ours.header.affine[r][c]).toBeCloseTo(theirs.header.affine[r][c], 3);
      const a = new Float32Array(ours.image);
      const b = new Int16Array(theirs.image);
      let worst = 0;
      for (let n = 0; n < b.length; n++) worst = Math.max(worst, Math.abs(a[n] - b[n] * (theirs.header.scl_slope || 1)));
      expect(worst).toBeLessThanOrEqual(tolerance);
      expect(readFileSync(written[1], 'utf8').trim().split(' ').map(Number)).toEqual(readFileSync(ref('.bval'), 'utf8').trim().split(' ').map(Number));
      const rows = (text: string) => text.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
      const ourVec = rows(readFileSync(written[2], 'utf8'));
      const refVec = rows(readFileSync(ref('.bvec'), 'utf8'));
      const bvals = readFileSync(ref('.bval'), 'utf8').trim().split(/\s+/).map(Number);
      for (let axis = 0; axis < 3; axis++)
        for (let t = 0; t < bvals.length; t++) if (bvals[t] >= 50) expect(Math.abs(ourVec[axis][t] - refVec[axis][t])).toBeLessThan(1e-4);
    });
  }

  it('refuses to write into the input folder', async () => {
    const input = join(sharedSeriesDir('ge_01_Ax_DWI_TENSOR_R2'), 'dicom');
    const before = readdirSync(input);
    await expect(runConvert(input, join(input, 'nifti'))).rejects.toThrow(/inside/);
    expect(readdirSync(input)).toEqual(before);
  });
});
