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
    ['uih_9_dti_dir16_AP_134431', 'dti_tra_dir16_AP_9_134431', 0],
    // The b0 marked 'I' stays, the derived trace volume is left out (17 volumes → 16). dcm2niix stores
    // Philips' floating-point values as int16 × scl_slope 303.16 (float32); ours are float32 themselves.
    ['philips_601_dti_ax_r5p3', 'WIP_dti_ax_601', 1e-6],
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
      let largest = 0;
      for (let n = 0; n < b.length; n++) {
        const value = b[n] * (theirs.header.scl_slope || 1);
        worst = Math.max(worst, Math.abs(a[n] - value));
        largest = Math.max(largest, Math.abs(value));
      }
      // `tolerance` is relative to the reference's largest value.
      expect(worst).toBeLessThanOrEqual(tolerance * largest);
      // .bval text holds 6 significant digits: equal to half a unit of the last.
      const refBvals = readFileSync(ref('.bval'), 'utf8').trim().split(/\s+/).map(Number);
      const digits = (b: number) => -Math.floor(Math.log10(Math.max(Math.abs(b), 1e-6))) + 5;
      expect(readFileSync(written[1], 'utf8').trim().split(' ').map(Number)).toEqual(refBvals.map((b) => expect.closeTo(b, digits(b))));
      const rows = (text: string) => text.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
      const ourVec = rows(readFileSync(written[2], 'utf8'));
      const refVec = rows(readFileSync(ref('.bvec'), 'utf8'));
      for (let t = 0; t < refBvals.length; t++) {
        if (refBvals[t] < 50) continue;
        const [u, v] = [ourVec, refVec].map((m) => [m[0][t], m[1][t], m[2][t]]);
        // Angle with its sign (antipodal = 180°): dcm2niix renormalises some vendors' stated vectors.
        const cosine = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / (Math.hypot(...u) * Math.hypot(...v));
        expect((Math.acos(Math.min(1, cosine)) * 180) / Math.PI, `volume ${t}`).toBeLessThan(0.02);
      }
    });
  }

  it('refuses to write into the input folder', async () => {
    const input = join(sharedSeriesDir('ge_01_Ax_DWI_TENSOR_R2'), 'dicom');
    const before = readdirSync(input);
    await expect(runConvert(input, join(input, 'nifti'))).rejects.toThrow(/inside/);
    expect(readdirSync(input)).toEqual(before);
  });
});
