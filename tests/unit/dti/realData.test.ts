import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brainMask } from '../../../src/core/dti/brainMask';
import { fitDiffusionData } from '../../../src/core/dti/fitVolume';
import { meanB0 } from '../../../src/core/dti/meanB0';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir } from '../../helpers/sharedData';
import { readNifti, readNumbers } from './refNifti';

/** Series whose ref/ holds dipy WLS maps (FA/MD + mask). */
const SERIES = ['philips_701_DTI_Biobank_cl', 'toshiba_7006_DTI_ortho', 'siemens_xa30_17_DWI_AP_enh', 'canon_3000_DTI_PA-ortho_enh'];

function percentile(sorted: Float64Array, p: number): number {
  const x = (sorted.length - 1) * p;
  const lo = Math.floor(x);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (x - lo);
}

function inMask(map: Float32Array, mask: Float32Array): Float64Array {
  const vals: number[] = [];
  for (let v = 0; v < mask.length; v++) if (mask[v] > 0) vals.push(map[v]);
  return Float64Array.from(vals).sort();
}

if (!hasSharedDicom) console.warn(sharedDicomSkipMessage);

describe.skipIf(!hasSharedDicom)('real series vs dipy WLS reference (ref/FA, ref/MD within ref/mask)', () => {
  for (const id of SERIES) {
    it(`${id}: median FA/MD within 1 %, 10th/90th percentiles within 3 %; automatic mask Dice > 0.85`, () => {
      const ref = join(sharedSeriesDir(id), 'ref');
      const base = readdirSync(ref).find((f) => f.endsWith('.nii.gz') && !/^(FA|MD|AD|RD|mask)\./.test(f));
      expect(base, `no DWI NIfTI in ${ref}`).toBeDefined();
      const stem = join(ref, base!.replace(/\.nii\.gz$/, ''));
      expect(existsSync(`${stem}.bvec`)).toBe(true);
      const dwi = readNifti(`${stem}.nii.gz`);
      const bValues = readNumbers(`${stem}.bval`)[0];
      const bvec = readNumbers(`${stem}.bvec`);
      const gradients = bValues.map((_, t) => [bvec[0][t], bvec[1][t], bvec[2][t]] as [number, number, number]);
      const mask = readNifti(join(ref, 'mask.nii.gz')).data;
      const [nx, ny, nz, nt] = dwi.dims;
      const maps = fitDiffusionData(
        { dims: [nx, ny, nz, nt], spacing: [1, 1, 1], affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], data: dwi.data, bValues, gradients },
        { estimator: 'wls', mask: Uint8Array.from(mask, (m) => (m > 0 ? 1 : 0)) },
      );
      expect(maps.counts.failed).toBe(0);
      for (const [name, key] of [['FA', 'fa'], ['MD', 'md']] as const) {
        const ours = inMask(maps.scalars[key], mask);
        const theirs = inMask(readNifti(join(ref, `${name}.nii.gz`)).data, mask);
        const rel = (p: number): number => Math.abs(percentile(ours, p) / percentile(theirs, p) - 1);
        console.log(`${id} ${name} median ${percentile(ours, 0.5).toPrecision(4)} vs ${percentile(theirs, 0.5).toPrecision(4)}; p10 Δ ${(rel(0.1) * 100).toFixed(2)} %, p90 Δ ${(rel(0.9) * 100).toFixed(2)} %`);
        expect(rel(0.5)).toBeLessThan(0.01);
        expect(rel(0.1)).toBeLessThan(0.03);
        expect(rel(0.9)).toBeLessThan(0.03);
      }

      // Our automatic mask (Otsu on the mean b0, default factor) against dipy's median_otsu mask:
      // measured Dice 0.90 (Siemens XA30, dipy's mask is tighter) to 0.99 (Philips).
      const auto = brainMask(meanB0(dwi.data, nx * ny * nz, bValues.flatMap((b, t) => (b < 50 ? [t] : []))), [nx, ny, nz]);
      let both = 0;
      let ours = 0;
      let theirs = 0;
      for (let v = 0; v < mask.length; v++) {
        if (auto[v]) ours++;
        if (mask[v] > 0) theirs++;
        if (auto[v] && mask[v] > 0) both++;
      }
      expect((2 * both) / (ours + theirs)).toBeGreaterThan(0.85);
    });
  }
});
