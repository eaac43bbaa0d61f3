import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFrameDecoder } from '../../../src/codecs/createFrameDecoder';
import { planSeries } from '../../../src/core/dicom/geometry/planSeries';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import { assembleVolume } from '../../../src/core/volume/assembleVolume';
import { hasSharedDicom, sharedSeriesDir } from '../../helpers/sharedData';
import { readNifti } from '../nifti/readNifti';
import { listFiles } from '../pixels/nodeFiles';

/**
 * Assembled real series against the reference NIfTI (dcm2niix; dicom2nifti for the mosaic) on every voxel.
 * The voxel correspondence is not assumed: it is derived from the two affines,
 * refVoxel = B⁻¹ · diag(−1, −1, 1, 1) · A · ourVoxel (A: ours, voxel → LPS; B: reference, voxel → RAS),
 * which must be a signed permutation (dcm2niix flips the row axis).
 * Integer-scaled series must match exactly; Philips (float scale 1/SS) to float32 rounding.
 */
const cases: [id: string, relTolerance: number][] = [
  ['ge_01_Ax_DWI_TENSOR_R2', 0],
  ['toshiba_7006_DTI_ortho', 0],
  ['philips_701_DTI_Biobank_cl', 1e-6],
  ['siemens_xa30_17_DWI_AP_enh', 0],
  ['canon_3000_DTI_PA-ortho_enh', 0],
  ['siemens_mosaic_dicom2nifti', 0],
];

/**
 * The one known error in a reference sform. dicom2nifti reverses a head→foot mosaic's tiles
 * (sSliceArray.ucImageNumbTra) but keeps tile 0's position as the origin, so its sform sits
 * (nz − 1) slices too far along the normal: its voxel k = 0 holds protocol slice 0
 * (asSlice[0].dTra = −34 mm) yet its sform puts k = 0 at tile 0 (protocol slice 39, +61 mm).
 * The slice positions themselves are checked against the protocol in tests/unit/dicom/realSeries.test.ts.
 */
function correctedReferenceAffine(id: string, affine: number[][], nz: number): number[] {
  const m = affine.flat();
  if (id !== 'siemens_mosaic_dicom2nifti') return m;
  for (let r = 0; r < 3; r++) m[r * 4 + 3] -= (nz - 1) * m[r * 4 + 2];
  return m;
}

function invert4(m: number[]): number[] {
  // Affine inverse: [R t; 0 1]⁻¹ = [R⁻¹ −R⁻¹t; 0 1], R⁻¹ by cofactors.
  const [a, b, c, d, e, f, g, h, i] = [m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]];
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  const r = [(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det, (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det, (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det];
  const t = [m[3], m[7], m[11]];
  const out = [r[0], r[1], r[2], 0, r[3], r[4], r[5], 0, r[6], r[7], r[8], 0, 0, 0, 0, 1];
  for (let row = 0; row < 3; row++) out[row * 4 + 3] = -(r[row * 3] * t[0] + r[row * 3 + 1] * t[1] + r[row * 3 + 2] * t[2]);
  return out;
}

function multiply4(a: number[], b: number[]): number[] {
  return Array.from({ length: 16 }, (_, n) => [0, 1, 2, 3].reduce((s, x) => s + a[Math.floor(n / 4) * 4 + x] * b[x * 4 + (n % 4)], 0));
}

function referenceValues(header: ReturnType<typeof readNifti>['header'], image: ArrayBuffer): (index: number) => number {
  const arrays: Record<number, () => ArrayLike<number>> = { 2: () => new Uint8Array(image), 4: () => new Int16Array(image), 8: () => new Int32Array(image), 16: () => new Float32Array(image), 512: () => new Uint16Array(image) };
  const raw = arrays[header.datatypeCode]();
  const slope = header.scl_slope || 1;
  const intercept = header.scl_slope ? header.scl_inter : 0;
  return (index) => raw[index] * slope + intercept;
}

describe.skipIf(!hasSharedDicom)('assembled real series equal the reference NIfTI voxel data', () => {
  for (const [id, relTolerance] of cases) {
    it(id, async () => {
      const root = sharedSeriesDir(id);
      const files = listFiles(join(root, 'dicom'));
      const index = await indexFiles(files);
      const series = index.patients.flatMap((p) => p.studies.flatMap((s) => s.series)).filter((s) => s.kind === 'dwi');
      expect(series).toHaveLength(1);
      const volume = await assembleVolume(planSeries(series[0]), new Map(files.map((f) => [f.path, f])), createFrameDecoder());

      const niiName = readdirSync(join(root, 'ref')).find((f) => /\.nii(\.gz)?$/.test(f) && !/^(FA|MD|AD|RD|mask)\./.test(f))!;
      const { header, image } = readNifti(new Uint8Array(readFileSync(join(root, 'ref', niiName))));
      const [nx, ny, nz, nt] = volume.dims;
      expect(header.dims.slice(1, 5)).toEqual([nx, ny, nz, nt]);

      const lpsToRas = [-1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
      const map = multiply4(invert4(correctedReferenceAffine(id, header.affine, nz)), multiply4(lpsToRas, volume.affine));
      const rounded = map.map(Math.round);
      for (let n = 0; n < 12; n++) expect(Math.abs(map[n] - rounded[n])).toBeLessThan(0.05);
      for (let r = 0; r < 3; r++) expect([0, 1, 2].filter((c) => rounded[r * 4 + c] !== 0).length).toBe(1);

      const ref = referenceValues(header, image);
      let worst = 0;
      let nonZero = 0;
      for (let t = 0; t < nt; t++)
        for (let k = 0; k < nz; k++)
          for (let j = 0; j < ny; j++)
            for (let i = 0; i < nx; i++) {
              const [ri, rj, rk] = [0, 1, 2].map((r) => rounded[r * 4] * i + rounded[r * 4 + 1] * j + rounded[r * 4 + 2] * k + rounded[r * 4 + 3]);
              const want = ref(((t * nz + rk) * ny + rj) * nx + ri);
              const got = volume.data[((t * nz + k) * ny + j) * nx + i];
              if (got !== 0) nonZero++;
              worst = Math.max(worst, Math.abs(got - want) / Math.max(1, Math.abs(want)));
            }
      expect(worst).toBeLessThanOrEqual(relTolerance);
      expect(nonZero).toBeGreaterThan(volume.data.length / 10);
    });
  }
});
