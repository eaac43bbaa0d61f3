import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFit } from '../../../src/cli/fit';
import { hasSharedDicom, sharedDicomRoot, sharedDicomSkipMessage, sharedSeriesDir } from '../../helpers/sharedData';
import { readNifti } from './refNifti';

const out = mkdtempSync(join(tmpdir(), 'dti-fit-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('cli fit', () => {
  it('refuses to write into the input folder', async () => {
    await expect(runFit(out, { method: 'wls', out: join(out, 'maps') })).rejects.toThrow(/refusing to write into the input folder/);
  });

  describe.skipIf(!hasSharedDicom)(`Philips 701 DICOM folder → maps (${hasSharedDicom ? 'shared data present' : sharedDicomSkipMessage})`, () => {
    it('writes FA/MD/AD/RD/S0/colour FA/mask + fit.json; FA matches dipy voxel by voxel in the common mask', async () => {
      const dir = join(out, 'philips');
      const { files, provenance } = await runFit(join(sharedSeriesDir('philips_701_DTI_Biobank_cl'), 'dicom'), { method: 'wls', out: dir, workers: 2 });
      for (const name of ['FA', 'MD', 'AD', 'RD', 'S0', 'colorFA', 'mask']) expect(files).toContain(join(dir, `${name}.nii.gz`));
      const json = JSON.parse(readFileSync(join(dir, 'fit.json'), 'utf8'));
      expect(json).toEqual(JSON.parse(JSON.stringify(provenance)));
      expect(json).toMatchObject({ estimator: 'wls', seriesNumber: 701, dims: [112, 112, 32, 17], counts: { failed: 0 } });
      // De-identified by default: the UID hashed, no input path, no series description.
      expect(json.seriesInstanceUID).toMatch(/^2\.25\.[1-9]\d*$/);
      expect(json.input).toBeUndefined();
      expect(json.seriesDescription).toBeUndefined();
      const text = readFileSync(join(dir, 'fit.json'), 'utf8');
      expect(text).not.toContain(sharedDicomRoot);
      expect(json.bValues.filter((b: number) => b >= 50)).toHaveLength(12);
      // The folder's three non-image objects, each with why it was left out.
      expect(json.skippedFiles).toEqual([
        { path: 'PS_0545', reason: expect.stringMatching(/^presentation state/) },
        { path: 'XX_0546', reason: expect.stringMatching(/^Philips private non-image object: MR series data/) },
        { path: 'XX_0547', reason: expect.stringMatching(/^Philips private non-image object: ExamCard/) },
      ]);

      // Output geometry is dcm2niix's, so the dipy reference compares voxel by voxel.
      const ref = join(sharedSeriesDir('philips_701_DTI_Biobank_cl'), 'ref');
      const fa = readNifti(join(dir, 'FA.nii.gz'));
      const refFa = readNifti(join(ref, 'FA.nii.gz'));
      const mask = readNifti(join(dir, 'mask.nii.gz')).data;
      const refMask = readNifti(join(ref, 'mask.nii.gz')).data;
      expect(fa.dims).toEqual(refFa.dims);
      let both = 0;
      let ours = 0;
      let theirs = 0;
      const diffs: number[] = [];
      for (let v = 0; v < mask.length; v++) {
        if (mask[v]) ours++;
        if (refMask[v]) theirs++;
        if (mask[v] && refMask[v]) {
          both++;
          diffs.push(Math.abs(fa.data[v] - refFa.data[v]));
        }
      }
      diffs.sort((a, b) => a - b);
      expect((2 * both) / (ours + theirs)).toBeGreaterThan(0.95); // our Otsu mask vs dipy's median_otsu
      expect(diffs[diffs.length >> 1]).toBeLessThan(1e-4);
      expect(diffs[Math.floor(diffs.length * 0.99)]).toBeLessThan(0.01);

      // A second run refuses to overwrite; with --force and --keep-identifiers it writes the originals.
      const input = join(sharedSeriesDir('philips_701_DTI_Biobank_cl'), 'dicom');
      await expect(runFit(input, { method: 'wls', out: dir, workers: 2 })).rejects.toThrow(/refused: these exist: .*FA\.nii\.gz.*fit\.json \(use --force to overwrite\)/);
      await runFit(input, { method: 'wls', out: dir, workers: 2, force: true, identifiers: { keep: true } });
      const kept = JSON.parse(readFileSync(join(dir, 'fit.json'), 'utf8'));
      expect(kept.input).toBe(input);
      expect(kept.seriesInstanceUID).toMatch(/^1\.3\.46\.670589\./);
      expect(kept.seriesDescription).toMatch(/DTI/);
      // …which the de-identified fit.json held nowhere.
      expect(text).not.toContain(kept.seriesInstanceUID);
      expect(text).not.toContain(kept.seriesDescription);
    });
  });

  describe.skipIf(!hasSharedDicom)('every vendor read from its DICOM: medians in the dipy reference mask', () => {
    /** Series whose ref/ holds dipy WLS maps, fitted from our own reading of the DICOM folder. */
    for (const id of ['uih_9_dti_dir16_AP_134431', 'philips_601_dti_ax_r5p3', 'toshiba_7006_DTI_ortho']) {
      it(`${id}: FA, MD, AD, RD medians within 1 % of dipy's`, async () => {
        const dir = join(out, id);
        const { provenance } = await runFit(join(sharedSeriesDir(id), 'dicom'), { method: 'wls', out: dir, workers: 2 });
        const ref = join(sharedSeriesDir(id), 'ref');
        const refMask = readNifti(join(ref, 'mask.nii.gz')).data;
        const ourMask = readNifti(join(dir, 'mask.nii.gz')).data;
        // Voxels both masks hold: outside our automatic mask our maps are 0 by design.
        const median = (data: Float32Array): number => {
          const values = Float64Array.from(data.filter((_, v) => refMask[v] > 0 && ourMask[v] > 0)).sort();
          return values[values.length >> 1];
        };
        for (const name of ['FA', 'MD', 'AD', 'RD']) {
          const ours = readNifti(join(dir, `${name}.nii.gz`));
          const theirs = readNifti(join(ref, `${name}.nii.gz`));
          expect(ours.dims).toEqual(theirs.dims);
          // Both in mm²/s (MD/AD/RD) or unitless (FA).
          const ratio = median(ours.data) / median(theirs.data);
          console.log(`${id} ${name} median ÷ dipy's: ${ratio.toFixed(4)}`);
          expect(Math.abs(ratio - 1), `${id} ${name}`).toBeLessThan(0.01);
        }
        expect(provenance).toMatchObject({ counts: { failed: 0 } });
      });
    }
  });
});

