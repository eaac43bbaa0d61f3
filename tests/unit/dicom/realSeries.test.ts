import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'fflate';
import * as nifti from 'nifti-reader-js';
import { describe, expect, it } from 'vitest';
import { listFolder } from '../../../src/cli/nodeFileSource';
import { runInspect } from '../../../src/cli/inspect';
import { bvecFsl } from '../../../src/core/dicom/bvecFsl';
import { planSeries } from '../../../src/core/dicom/geometry/planSeries';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import { niftiAffineFromLps } from '../../../src/core/dicom/niftiAffine';
import type { SeriesEntry } from '../../../src/core/dicom/types';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir } from '../../helpers/sharedData';

async function seriesOf(id: string): Promise<{ series: SeriesEntry[]; skipped: { path: string; reason: string }[] }> {
  const index = await indexFiles(await listFolder(join(sharedSeriesDir(id), 'dicom')));
  return { series: index.patients.flatMap((p) => p.studies.flatMap((s) => s.series)), skipped: index.skipped };
}

function numbers(path: string): number[][] {
  return readFileSync(path, 'utf8').trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
}

describe.skipIf(!hasSharedDicom)(`real series beyond dcm2niix's references${hasSharedDicom ? '' : ` (${sharedDicomSkipMessage})`}`, () => {
  it('mosaic with stripped image CSA: 40 slices from the Phoenix protocol; slice k at protocol slice k; bvec equal dicom2nifti ground truth', async () => {
    const { series } = await seriesOf('siemens_mosaic_dicom2nifti');
    expect(series).toHaveLength(1);
    const plan = planSeries(series[0]);
    expect(plan.dims).toEqual([192, 192, 40, 2]);
    const root = sharedSeriesDir('siemens_mosaic_dicom2nifti');
    const ref = join(root, 'ref');
    expect(plan.volumes.map((v) => v.bValue)).toEqual(numbers(join(ref, '001_ground_truth.bval'))[0]);
    // Independent geometry: the Phoenix protocol (series CSA text) lists every slice centre; voxel
    // (95.5, 95.5, k) (centre of the 192² tile) must sit on protocol slice k along the normal (head→foot
    // numbering, ucImageNumbTra = 1: tile 0 is slice 39 at +61 mm, so the tiles are reversed).
    const text = readFileSync(join(root, 'dicom', 'IM-0001-0001.dcm')).toString('latin1');
    const at = (k: number, axis: string) => Number(new RegExp(`sSliceArray\\.asSlice\\[${k}\\]\\.sPosition\\.${axis}\\s*=\\s*(\\S+)`).exec(text)![1]);
    const a = plan.affine;
    const normal = [a[2], a[6], a[10]].map((v) => v / plan.spacing[2]);
    for (let k = 0; k < 40; k++) {
      const centre = [0, 1, 2].map((r) => a[r * 4] * 95.5 + a[r * 4 + 1] * 95.5 + a[r * 4 + 2] * k + a[r * 4 + 3]);
      const protocol = [at(k, 'dSag'), at(k, 'dCor'), at(k, 'dTra')];
      const along = [0, 1, 2].reduce((sum, r) => sum + (centre[r] - protocol[r]) * normal[r], 0);
      expect(Math.abs(along)).toBeLessThan(0.1);
      expect(Math.hypot(...[0, 1, 2].map((r) => centre[r] - protocol[r]))).toBeLessThan(1.5);
    }
    // dicom2nifti's sform (LPS → RAS without dcm2niix's row flip) agrees on the axes; its origin is tile 0's
    // although it reversed the tiles too (see tests/unit/volume/assembleRealSeries.test.ts), i.e. our
    // origin + 39 slices.
    const bytes = gunzipSync(readFileSync(join(ref, '001_ground_truth.nii.gz')));
    const h = nifti.readHeader(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)!;
    const ras = plan.affine.map((v, i) => (i < 8 ? -v : v));
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) expect(ras[r * 4 + c]).toBeCloseTo(h.affine[r][c], 3);
      expect(ras[r * 4 + 3] + 39 * ras[r * 4 + 2]).toBeCloseTo(h.affine[r][3], 3);
    }
    const bvec = numbers(join(ref, '001_ground_truth.bvec'));
    // Its .bvec, however, follows dcm2niix's convention (relative to the row-flipped sform).
    const mine = bvecFsl(plan.volumes[1].gradientLPS, niftiAffineFromLps(plan.affine, plan.dims));
    for (let a = 0; a < 3; a++) expect(Math.abs(mine[a] - bvec[a][1])).toBeLessThan(1e-4);
  });

  it('mosaic with full CSA headers: NumberOfImagesInMosaic 48, b from implicit-VR (0019,100C), dcm2niix-equal origin', async () => {
    const { series } = await seriesOf('siemens_mosaic_csa_headeronly_nibabel');
    const plan = planSeries(series[0]);
    expect(plan.dims).toEqual([128, 128, 48, 2]);
    expect(plan.volumes.map((v) => v.bValue)).toEqual([0, 1000]);
    // The folder has no ref/: sform written by dcm2niix v1.0.20220720 for these two files (run by hand).
    const dcm2niix = [
      [-1.796875, 0, 0, 115],
      [0, 1.7968504428863525, -0.01570800505578518, -93.17147827148438],
      [0, 0.009408440440893173, 2.9999589920043945, -79.90534973144531],
    ];
    const sform = niftiAffineFromLps(plan.affine, plan.dims);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) expect(sform[r * 4 + c]).toBeCloseTo(dcm2niix[r][c], 3);
    expect(series[0].frames[1].diffusion?.source).toBe('siemens-private');
  });

  it('Philips folder: 544 images in one series, the 3 non-image objects skipped by name', async () => {
    const { series, skipped } = await seriesOf('philips_701_DTI_Biobank_cl');
    expect(series).toHaveLength(1);
    expect(series[0].frames).toHaveLength(544);
    expect(skipped.map((s) => s.path).sort()).toEqual(['PS_0545', 'XX_0546', 'XX_0547']);
  });

  it('scanner ADC and FA maps are classified as such and never as DWI', async () => {
    const { series } = await seriesOf('siemens_xa30_17_scanner_maps');
    expect(series.map((s) => s.kind).sort()).toEqual(['adc', 'fa']);
  });

  it.skipIf(!existsSync(sharedSeriesDir('ge_01_ts_deflate')))('inspect prints dims, voxel size, bvals and FSL bvecs', async () => {
    const text = await runInspect(join(sharedSeriesDir('ge_01_ts_deflate'), 'dicom'), { json: false });
    expect(text).toContain('dims      256 × 256 × 2 slices × 7 volumes');
    expect(text).toContain('voxel     1.016 × 1.016 × 3.000 mm');
    expect(text).toContain('b-values  0 1000 1000 1000 1000 1000 1000   (s/mm², per volume)');
    expect(text).toContain('bvec x    0.000000 -0.492355 0.007065 0.858745 0.558220 0.034586 -0.840860');
    expect(text).toContain(
      ['series  kind  images  b-values (s/mm²)  directions  manufacturer        description', '1       dwi   14      0, 1000           6           GE MEDICAL SYSTEMS  Ax DWI TENSOR R2'].join('\n'),
    );
  });
});
