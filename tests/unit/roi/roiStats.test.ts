import { describe, expect, it } from 'vitest';
import type { Mat4, Vec3 } from '../../../src/core/math/types';
import type { PlanarRoi, ScalarVolume } from '../../../src/core/measure/types';
import { ellipseRoi } from '../../../src/core/roi/ellipseRoi';
import { freehandRoi } from '../../../src/core/roi/freehandRoi';
import { rectangleRoi } from '../../../src/core/roi/rectangleRoi';
import { roiStats } from '../../../src/core/roi/roiStats';
import { selectRoiVoxels } from '../../../src/core/roi/selectRoiVoxels';
import { affineFrom, apply, matMul, rotation, windingInside } from './geometry';

const label = { id: 'r1', name: 'core', role: 'infarct-core' as const };
const I3 = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];

/** A map whose value is a linear function of the voxel centre's LPS position. */
function rampVolume(dims: [number, number, number], affine: Mat4, f: (p: Vec3) => number): ScalarVolume {
  const [nx, ny, nz] = dims;
  const data = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) data[(k * ny + j) * nx + i] = f(apply(affine, i, j, k));
  return { dims, affine, data };
}

/** Every voxel tested, by the test's own geometry: slab −t/2 ≤ d < t/2, winding-number inside. */
function bruteForce(roi: PlanarRoi, vol: ScalarVolume, t?: number): number[] {
  const [nx, ny, nz] = vol.dims;
  const nl = Math.hypot(...roi.plane.normal);
  const n = roi.plane.normal.map((x) => x / nl) as Vec3;
  const dotp = (a: number[], b: number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  const cols = [0, 1, 2].map((c) => [vol.affine[c], vol.affine[4 + c], vol.affine[8 + c]]);
  const thick = t ?? cols.reduce((s, col) => s + Math.abs(dotp(col, n)), 0);
  const seed = [0.3, 0.5, 0.8];
  const u0 = seed.map((s, a) => s - dotp(seed, n) * n[a]);
  const u = u0.map((x) => x / Math.hypot(...u0));
  const v = [n[1] * u[2] - n[2] * u[1], n[2] * u[0] - n[0] * u[2], n[0] * u[1] - n[1] * u[0]];
  const o = roi.plane.origin;
  const rel = (p: number[]) => [p[0] - o[0], p[1] - o[1], p[2] - o[2]];
  const poly = roi.contour.map((p) => [dotp(rel(p), u), dotp(rel(p), v)] as [number, number]);
  const out: number[] = [];
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const r = rel(apply(vol.affine, i, j, k));
        const d = dotp(r, n);
        if (d < -thick / 2 || d >= thick / 2) continue;
        if (windingInside(dotp(r, u), dotp(r, v), poly)) out.push((k * ny + j) * nx + i);
      }
  return out;
}

function meanSd(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  const ss = values.reduce((s, x) => s + (x - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(ss / (values.length - 1)) };
}

describe('roiStats on an axial grid', () => {
  const dims: [number, number, number] = [48, 48, 10];
  const affine = affineFrom(I3, [0.8, 0.8, 3], [-20, -25, 10]);
  const ramp = rampVolume(dims, affine, (p) => 2 * p[0] - 0.5 * p[1] + 100);
  const centre = apply(affine, 24, 20, 4);

  it('a circle centred on a voxel: one slice, mean = ramp at the centre, area ≈ πr²', () => {
    const roi = ellipseRoi(label, centre, [6, 0, 0], [0, 6, 0], { segments: 128, shape: 'circle' });
    const [s] = roiStats(roi, { fa: ramp });
    const brute = bruteForce(roi, ramp);
    expect(s.n).toBe(brute.length);
    const slices = new Set(brute.map((v) => Math.floor(v / (48 * 48))));
    expect([...slices]).toEqual([4]);
    // The included set is point-symmetric about the centre voxel, so a linear map averages to its centre value.
    expect(s.mean).toBeCloseTo(2 * centre[0] - 0.5 * centre[1] + 100, 4);
    const ref = meanSd(brute.map((v) => ramp.data[v]));
    expect(s.sd).toBeCloseTo(ref.sd, 4);
    expect(s.areaMm2).toBeCloseTo(s.n * 0.64, 9);
    expect(Math.abs(s.areaMm2! - Math.PI * 36) / (Math.PI * 36)).toBeLessThan(0.05);
  });

  it('a rectangle on voxel edges over two constant blocks counts exactly', () => {
    // Block value 1 where i < 24, 3 where i ≥ 24.
    const blocks: ScalarVolume = { dims, affine, data: new Float32Array(48 * 48 * 10) };
    for (let v = 0; v < blocks.data.length; v++) blocks.data[v] = v % 48 < 24 ? 1 : 3;
    // Voxel edges: i from 18.5 to 30.5 (6 columns each side), j from 10.5 to 20.5 (10 rows).
    const corner = apply(affine, 17.5, 10.5, 4);
    const roi = rectangleRoi(label, corner, [12 * 0.8, 0, 0], [0, 10 * 0.8, 0]);
    const [s] = roiStats(roi, { b: blocks });
    expect(s.n).toBe(120);
    expect(s.mean).toBeCloseTo(2, 6);
    // 60 ones and 60 threes: sample SD = sqrt(120·1/119)
    expect(s.sd).toBeCloseTo(Math.sqrt(120 / 119), 6);
    expect(s.median).toBeCloseTo(2, 6); // type 7: halfway between the 60th (1) and 61st (3)
    expect(s.q1).toBe(1);
    expect(s.q3).toBe(3);
    expect(s.areaMm2).toBeCloseTo(120 * 0.64, 6);
  });

  it('thicknessMm = 3 slices triples the count; a plane half-way between slices takes one slice', () => {
    const roi = ellipseRoi(label, centre, [5, 0, 0], [0, 4, 0]);
    const [one] = roiStats(roi, { fa: ramp });
    const [three] = roiStats(roi, { fa: ramp }, { thicknessMm: 9 });
    expect(three.n).toBe(3 * one.n);
    expect(three.areaMm2).toBeCloseTo(one.areaMm2!, 9);
    const between = ellipseRoi(label, [centre[0], centre[1], centre[2] + 1.5], [5, 0, 0], [0, 4, 0]);
    expect(roiStats(between, { fa: ramp })[0].n).toBe(one.n);
  });

  it('a concave freehand outline on a coronal plane counts exactly (outline on voxel edges)', () => {
    // L shape in (i, k) at j = 30: i from 10.5..20.5 for k 2.5..3.5, plus i 10.5..13.5 for k 3.5..7.5
    const pts: Vec3[] = (
      [
        [10.5, 2.5],
        [20.5, 2.5],
        [20.5, 3.5],
        [13.5, 3.5],
        [13.5, 7.5],
        [10.5, 7.5],
      ] as const
    ).map(([i, k]) => apply(affine, i, 30, k));
    const roi = freehandRoi(label, pts);
    const [s] = roiStats(roi, { fa: ramp });
    expect(s.n).toBe(10 + 3 * 4);
    expect(s.n).toBe(bruteForce(roi, ramp).length);
    // Coronal plane: a voxel stands for 0.8 (i) × 3 (k) mm².
    expect(s.areaMm2).toBeCloseTo(s.n * 2.4, 9);
  });
});

describe('roiStats on an oblique plane of an oblique grid', () => {
  const R = matMul(rotation([0, 0, 1], 0.35), rotation([1, 0.2, 0], 0.25));
  const dims: [number, number, number] = [60, 60, 24];
  const affine = affineFrom(R, [1, 1.2, 2.5], [-30, -40, -20]);
  const f = (p: Vec3) => 0.01 * p[0] + 0.02 * p[1] - 0.03 * p[2] + 0.5;
  const fa = rampVolume(dims, affine, f);
  const md = rampVolume(dims, affine, (p) => 1e-3 + 1e-5 * p[2]);
  const centre = apply(affine, 30.3, 28.6, 11.2);
  // Ellipse on a plane tilted against both the grid and the patient axes.
  const Q = matMul(rotation([0.3, 1, 0.1], 0.6), rotation([0, 0, 1], 0.2));
  const axisA: Vec3 = [Q[0][0] * 9, Q[1][0] * 9, Q[2][0] * 9];
  const axisB: Vec3 = [Q[0][1] * 6, Q[1][1] * 6, Q[2][1] * 6];
  const roi = ellipseRoi(label, centre, axisA, axisB, { segments: 96 });

  it('takes exactly the voxels a brute-force scan finds, and their statistics', () => {
    const stats = roiStats(roi, { fa, md });
    const brute = bruteForce(roi, fa);
    const sel = selectRoiVoxels(roi, dims, affine);
    expect(Array.from(sel.indices)).toEqual(brute);
    const ref = meanSd(brute.map((v) => fa.data[v]));
    const s = stats.find((x) => x.map === 'fa')!;
    expect(s.n).toBe(brute.length);
    expect(s.mean).toBeCloseTo(ref.mean, 6);
    expect(s.sd).toBeCloseTo(ref.sd, 6);
    // Linear map over a near-symmetric slab about the centre: mean ≈ value at the centre.
    expect(Math.abs(s.mean - f(centre))).toBeLessThan(0.01);
    expect(stats.find((x) => x.map === 'md')!.n).toBe(brute.length);
  });

  it('area ≈ π·a·b on the oblique plane (n × voxel volume / slab thickness)', () => {
    const [s] = roiStats(roi, { fa });
    expect(Math.abs(s.areaMm2! - Math.PI * 54) / (Math.PI * 54)).toBeLessThan(0.06);
  });

  it('an explicit thin slab still matches brute force', () => {
    const [s] = roiStats(roi, { fa }, { thicknessMm: 1.5 });
    expect(s.n).toBe(bruteForce(roi, fa, 1.5).length);
  });
});
