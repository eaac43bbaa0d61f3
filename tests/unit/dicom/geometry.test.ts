import { describe, expect, it } from 'vitest';
import { DicomError } from '../../../src/core/dicom/errors';
import { planSeries } from '../../../src/core/dicom/geometry/planSeries';
import { bvecFsl } from '../../../src/core/dicom/bvecFsl';
import { niftiAffineFromLps } from '../../../src/core/dicom/niftiAffine';
import type { FrameInfo, SeriesEntry } from '../../../src/core/dicom/types';
import type { Vec3 } from '../../../src/core/math/types';

function frame(i: number, position: Vec3, orientation: number[], b = 0): FrameInfo {
  return {
    file: `f${i}`,
    frameIndex: 0,
    sopInstanceUID: `1.${i}`,
    instanceNumber: i,
    rows: 6,
    columns: 5,
    position,
    orientation: orientation as FrameInfo['orientation'],
    pixelSpacing: [2, 1.5],
    sliceThickness: 3,
    diffusion: b ? { bValue: b, gradientLPS: [1, 0, 0], source: 'standard', isotropic: false } : null,
    derived: false,
  };
}

function series(frames: FrameInfo[]): SeriesEntry {
  return {
    seriesInstanceUID: '1.2',
    seriesNumber: 3,
    description: 'test',
    modality: 'MR',
    manufacturer: 'ACME',
    sopClassUID: '',
    transferSyntaxUID: '',
    frameOfReferenceUID: null,
    kind: 'dwi',
    frames,
    bValues: [],
    directionCount: 0,
    diffusionProblem: null,
    warnings: [],
  };
}

/** An oblique orientation: 20° about L then 35° in-plane; row ⟂ column, normal = row × column. */
const a = (20 * Math.PI) / 180;
const b = (35 * Math.PI) / 180;
const row0: Vec3 = [1, 0, 0];
const col0: Vec3 = [0, Math.cos(a), Math.sin(a)];
const row: Vec3 = row0.map((v, i) => Math.cos(b) * v + Math.sin(b) * col0[i]) as Vec3;
const col: Vec3 = col0.map((v, i) => -Math.sin(b) * row0[i] + Math.cos(b) * v) as Vec3;
const normal: Vec3 = [row[1] * col[2] - row[2] * col[1], row[2] * col[0] - row[0] * col[2], row[0] * col[1] - row[1] * col[0]];
const iop = [...row, ...col];
const at = (origin: Vec3, k: number, step = 3): Vec3 => origin.map((v, i) => v + normal[i] * k * step) as Vec3;

describe('planSeries geometry', () => {
  it('oblique stack: affine columns are row·Δcol, column·Δrow, normal·Δslice, origin = first slice', () => {
    const origin: Vec3 = [-10, 20, 5];
    const plan = planSeries(series([0, 1, 2, 3].map((k) => frame(k + 1, at(origin, k), iop))));
    expect(plan.dims).toEqual([5, 6, 4, 1]);
    expect(plan.spacing[2]).toBeCloseTo(3, 9);
    const expected = [
      [row[0] * 1.5, col[0] * 2, normal[0] * 3, origin[0]],
      [row[1] * 1.5, col[1] * 2, normal[1] * 3, origin[1]],
      [row[2] * 1.5, col[2] * 2, normal[2] * 3, origin[2]],
    ].flat();
    expected.forEach((v, i) => expect(plan.affine[i]).toBeCloseTo(v, 9));
    expect(plan.affine.slice(12)).toEqual([0, 0, 0, 1]);
  });

  it('reversed acquisition order still gives k increasing along the normal', () => {
    const origin: Vec3 = [0, 0, 0];
    const frames = [3, 2, 1, 0].map((k, i) => frame(i + 1, at(origin, k), iop));
    const plan = planSeries(series(frames));
    expect(plan.volumes[0].slices.map((f) => f.file)).toEqual(['f4', 'f3', 'f2', 'f1']);
    expect(plan.affine[3]).toBeCloseTo(0, 9);
  });

  it('groups repeated positions into volumes in acquisition order', () => {
    const frames = [0, 1, 0, 1].map((k, i) => frame(i + 1, at([0, 0, 0], k), iop, i < 2 ? 0 : 1000));
    const plan = planSeries(series(frames));
    expect(plan.dims).toEqual([5, 6, 2, 2]);
    expect(plan.volumes.map((v) => v.bValue)).toEqual([0, 1000]);
    expect(plan.volumes[1].slices.map((f) => f.file)).toEqual(['f3', 'f4']);
  });

  it('warns about a missing slice and keeps the true spacing', () => {
    const plan = planSeries(series([0, 1, 3, 4].map((k, i) => frame(i + 1, at([0, 0, 0], k), iop))));
    expect(plan.spacing[2]).toBeCloseTo(3, 9);
    expect(plan.warnings).toEqual([expect.stringMatching(/gap between slices 2 and 3: 6\.00 mm instead of 3\.00 mm \(1 slice\(s\) missing\?\)/)]);
  });

  it('rejects a gantry-tilted (sheared) stack with a clear DicomError', () => {
    const tilt = Math.tan((10 * Math.PI) / 180) * 3;
    const frames = [0, 1, 2].map((k) => frame(k + 1, [0, k * tilt, k * 3], [1, 0, 0, 0, 1, 0]));
    expect(() => planSeries(series(frames))).toThrow(DicomError);
    expect(() => planSeries(series(frames))).toThrow(/gantry tilt/);
  });

  it('rejects non-orthogonal row/column directions', () => {
    const frames = [0, 1].map((k) => frame(k + 1, [0, 0, k * 3], [1, 0, 0, 0.1, 0.995, 0]));
    expect(() => planSeries(series(frames))).toThrow(/not perpendicular/);
  });

  it('rejects positions holding different numbers of images', () => {
    const frames = [0, 1, 0].map((k, i) => frame(i + 1, [0, 0, k * 3], [1, 0, 0, 0, 1, 0]));
    expect(() => planSeries(series(frames))).toThrow(/different numbers of images \(1–2\)/);
  });
});

describe('NIfTI sform and FSL bvec (dcm2niix conventions)', () => {
  it('axial LPS affine → RAS sform with the row axis flipped', () => {
    // i → L 1.5 mm, j → P 2 mm, k → S 3 mm, origin (10, 20, 30) LPS; ny = 6.
    const lps = [1.5, 0, 0, 10, 0, 2, 0, 20, 0, 0, 3, 30, 0, 0, 0, 1];
    expect(niftiAffineFromLps(lps, [5, 6, 4, 1])).toEqual([-1.5, 0, 0, -10, 0, 2, 0, -20 - 10, 0, 0, 3, 30, 0, 0, 0, 1]);
  });

  it('bvec = Rᵀ·g_RAS with x negated when det(R) > 0', () => {
    const sform = niftiAffineFromLps([1.5, 0, 0, 10, 0, 2, 0, 20, 0, 0, 3, 30, 0, 0, 0, 1], [5, 6, 4, 1]);
    // R = diag(−1, 1, 1) (det < 0): g_RAS = (−gL, −gP, gS) = (−0.6, 0, 0.8) → Rᵀ g = (0.6, 0, 0.8).
    expect(bvecFsl([0.6, 0, 0.8], sform)).toEqual([0.6, 0, 0.8]);
    // A left-right mirrored sform (det > 0) negates x: R = I → (−0.6, −0, 0.8) → x negated → (0.6, 0, 0.8).
    expect(bvecFsl([0.6, 0, 0.8], [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])).toEqual([0.6, 0, 0.8]);
    expect(bvecFsl([0, 1, 0], sform)).toEqual([0, -1, 0]);
    expect(bvecFsl(null, sform)).toEqual([0, 0, 0]);
  });
});
