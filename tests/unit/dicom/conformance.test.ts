import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'fflate';
import * as nifti from 'nifti-reader-js';
import { describe, expect, it } from 'vitest';
import { listFolder } from '../../../src/cli/nodeFileSource';
import { bvecFsl } from '../../../src/core/dicom/bvecFsl';
import { planSeries } from '../../../src/core/dicom/geometry/planSeries';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import { niftiAffineFromLps } from '../../../src/core/dicom/niftiAffine';
import type { SeriesEntry } from '../../../src/core/dicom/types';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir, sharedSeriesIds } from '../../helpers/sharedData';

/** The folder holding a series' ground truth: itself, or the source named by SAME_AS_<id>.txt. */
function refDir(id: string): string {
  const ref = join(sharedSeriesDir(id), 'ref');
  const same = existsSync(ref) ? readdirSync(ref).find((f) => f.startsWith('SAME_AS_')) : undefined;
  return same ? join(sharedSeriesDir(same.slice('SAME_AS_'.length, -'.txt'.length)), 'ref') : ref;
}

/**
 * dcm2niix's output for the folder: the .bval whose stem also has a .json sidecar (dicom2nifti's
 * 001_ground_truth has none), preferring the stem matching the folder's suffix (philips "_cl").
 */
function dcm2niixStem(id: string): string | null {
  const dir = refDir(id);
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir);
  const stems = files.filter((f) => f.endsWith('.bval')).map((f) => f.slice(0, -5)).filter((s) => files.includes(`${s}.json`));
  const suffix = id.split('_').pop()!;
  return stems.find((s) => s.endsWith(`_${suffix}`)) ?? stems[0] ?? null;
}

function numbers(path: string): number[][] {
  return readFileSync(path, 'utf8').trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
}

function niftiHeader(dir: string, stem: string): { dims: number[]; affine: number[][] } {
  const path = existsSync(join(dir, `${stem}.nii.gz`)) ? join(dir, `${stem}.nii.gz`) : join(dir, `${stem}.nii`);
  let bytes: Uint8Array = readFileSync(path);
  if (path.endsWith('.gz')) bytes = gunzipSync(bytes);
  const h = nifti.readHeader(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  if (!h) throw new Error(`${path}: unreadable NIfTI header`);
  return { dims: h.dims.slice(1, 1 + h.dims[0]), affine: h.affine };
}

function diffusionSeries(index: Awaited<ReturnType<typeof indexFiles>>): SeriesEntry[] {
  return index.patients.flatMap((p) => p.studies.flatMap((s) => s.series)).filter((s) => s.kind === 'dwi');
}

const cases = sharedSeriesIds().flatMap((id) => {
  const stem = dcm2niixStem(id);
  return stem ? [{ id, stem }] : [];
});

describe.skipIf(!hasSharedDicom)(`conformance with dcm2niix on real series${hasSharedDicom ? '' : ` (${sharedDicomSkipMessage})`}`, () => {
  it('finds series with dcm2niix references', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  for (const { id, stem } of cases) {
    it(`${id}: b-values, FSL b-vectors, dims and sform equal dcm2niix's`, async () => {
      const index = await indexFiles(await listFolder(join(sharedSeriesDir(id), 'dicom')));
      const series = diffusionSeries(index);
      expect(series).toHaveLength(1);
      const planned = planSeries(series[0]);
      // dcm2niix (and `convert`) leave derived trace volumes out: compare the volumes written.
      const plan = { ...planned, volumes: planned.volumes.filter((v) => !v.isotropic) };
      plan.dims = [planned.dims[0], planned.dims[1], planned.dims[2], plan.volumes.length];
      const dir = refDir(id);
      const bval = numbers(join(dir, `${stem}.bval`))[0];
      const bvec = numbers(join(dir, `${stem}.bvec`));
      const ref = niftiHeader(dir, stem);

      // .bval holds 6 significant digits (928.289 for UIH's 928.28856): equal to half a unit of the last one.
      expect(plan.volumes.map((v) => v.bValue)).toEqual(bval.map((b) => expect.closeTo(b, -Math.floor(Math.log10(Math.max(Math.abs(b), 1e-6))) + 5)));
      expect(plan.dims.slice(0, ref.dims.length)).toEqual(ref.dims.map((d) => d));
      const sform = niftiAffineFromLps(plan.affine, plan.dims);
      for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) expect(sform[r * 4 + c]).toBeCloseTo(ref.affine[r][c], 3);
      plan.volumes.forEach((v, t) => {
        if (v.bValue < 50) return;
        const mine = bvecFsl(v.gradientLPS, sform);
        const ref = [bvec[0][t], bvec[1][t], bvec[2][t]];
        // The angle, sign included (an antipodal vector is 180° off): dcm2niix normalises some vendors'
        // stated vectors (Philips 0.9994 long) and copies others as written, which moves components, not direction.
        const cosine = (mine[0] * ref[0] + mine[1] * ref[1] + mine[2] * ref[2]) / (Math.hypot(...mine) * Math.hypot(...ref));
        expect((Math.acos(Math.min(1, cosine)) * 180) / Math.PI, `volume ${t}`).toBeLessThan(0.02);
      });
      // The series list's direction count: distinct (±) reference vectors among volumes with b ≥ 50.
      const distinct: number[][] = [];
      bval.forEach((b, t) => {
        const v = [0, 1, 2].map((a) => bvec[a][t]);
        const cos = (u: number[]) => Math.abs(u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / (Math.hypot(...u) * Math.hypot(...v));
        if (b >= 50 && !distinct.some((u) => cos(u) > 0.9999)) distinct.push(v);
      });
      expect(series[0].directionCount).toBe(distinct.length);
    });
  }
});
