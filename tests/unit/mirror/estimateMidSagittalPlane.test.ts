import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../src/core/math/types';
import type { ScalarVolume } from '../../../src/core/measure/types';
import { estimateMidSagittalPlane } from '../../../src/core/mirror/estimateMidSagittalPlane';
import { reflectRoi } from '../../../src/core/mirror/reflectRoi';
import { ellipseRoi } from '../../../src/core/roi/ellipseRoi';
import { roiStats } from '../../../src/core/roi/roiStats';

const DEG = Math.PI / 180;

/** Rotation head frame → LPS: yaw about S (z) after roll about A (y). */
function headRotation(yaw: number, roll: number): number[][] {
  const cy = Math.cos(yaw);
  const sy = Math.sin(yaw);
  const cr = Math.cos(roll);
  const sr = Math.sin(roll);
  const Rz = [
    [cy, -sy, 0],
    [sy, cy, 0],
    [0, 0, 1],
  ];
  const Ry = [
    [cr, 0, sr],
    [0, 1, 0],
    [-sr, 0, cr],
  ];
  return Rz.map((row) => [0, 1, 2].map((c) => row[0] * Ry[0][c] + row[1] * Ry[1][c] + row[2] * Ry[2][c]));
}

/** Smooth step 0→1 across an edge over ~2 mm (partial volume). */
const edge = (signedMm: number) => 1 / (1 + Math.exp(-signedMm / 0.7));

/**
 * A head symmetric about its own x = 0 plane (skull-like shell, brain, two lateral ventricles,
 * a midline falx), with an asymmetric dark infarct on the left, placed in LPS by rotation R and
 * shift t, sampled on a 2 mm grid with deterministic noise.
 */
function syntheticHead(R: number[][], t: Vec3, grid?: number[][]): ScalarVolume {
  const dims: [number, number, number] = [84, 100, 70];
  const [nx, ny, nz] = dims;
  const origin: Vec3 = [-83, -99, -69];
  // Voxel axes: 2 mm along LPS by default, or the columns of `grid` (mm per voxel step).
  const G = grid ?? [
    [2, 0, 0],
    [0, 2, 0],
    [0, 0, 2],
  ];
  const affine = [G[0][0], G[0][1], G[0][2], origin[0], G[1][0], G[1][1], G[1][2], origin[1], G[2][0], G[2][1], G[2][2], origin[2], 0, 0, 0, 1];
  const data = new Float32Array(nx * ny * nz);
  let seed = 12345;
  // mulberry32: 32-bit integer arithmetic (a float LCG loses bits and repeats, faking symmetry).
  const noise = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const p = [0, 1, 2].map((r) => origin[r] + G[r][0] * i + G[r][1] * j + G[r][2] * k - t[r]);
        // head coords h = Rᵀ p
        const x = R[0][0] * p[0] + R[1][0] * p[1] + R[2][0] * p[2];
        const y = R[0][1] * p[0] + R[1][1] * p[1] + R[2][1] * p[2];
        const z = R[0][2] * p[0] + R[1][2] * p[1] + R[2][2] * p[2];
        const rHead = Math.sqrt((x / 70) ** 2 + (y / 88) ** 2 + (z / 62) ** 2);
        const rBrain = Math.sqrt((x / 62) ** 2 + ((y - 4) / 80) ** 2 + ((z - 3) / 54) ** 2);
        const vent = (sx: number) => Math.sqrt(((x - sx) / 7) ** 2 + ((y + 5) / 25) ** 2 + ((z - 10) / 9) ** 2);
        let s = 300 * edge((1 - rHead) * 70) + 500 * edge((1 - rBrain) * 62);
        s -= 550 * edge((1 - vent(12)) * 7) + 550 * edge((1 - vent(-12)) * 7);
        s -= 250 * edge(1.5 - Math.abs(x)) * edge((1 - rBrain) * 62);
        const infarct = Math.sqrt(((x - 35) / 12) ** 2 + ((y - 20) / 15) ** 2 + ((z + 5) / 10) ** 2);
        s -= 350 * edge((1 - infarct) * 10);
        data[(k * ny + j) * nx + i] = s + 20 * noise();
      }
  return { dims, affine, data };
}

describe('estimateMidSagittalPlane on a rotated, shifted symmetric head', () => {
  const yaw = 4 * DEG;
  const roll = -3 * DEG;
  const R = headRotation(yaw, roll);
  const t: Vec3 = [5.3, -3.7, 2.2];
  const head = syntheticHead(R, t);
  const truthNormal: Vec3 = [R[0][0], R[1][0], R[2][0]];
  const plane = estimateMidSagittalPlane(head);

  it('finds the plane within 1° and 1 mm', () => {
    const n = plane.normal;
    const cos = Math.abs(n[0] * truthNormal[0] + n[1] * truthNormal[1] + n[2] * truthNormal[2]);
    const angleDeg = Math.acos(Math.min(1, cos)) / DEG;
    expect(angleDeg).toBeLessThan(1);
    // distance of the true head centre (on the true plane) from the estimated plane
    const dist = Math.abs((t[0] - plane.origin[0]) * n[0] + (t[1] - plane.origin[1]) * n[1] + (t[2] - plane.origin[2]) * n[2]);
    expect(dist).toBeLessThan(1);
  });

  it('also works from a binary brain mask given as the image', () => {
    const mask = new Float32Array(head.data.length);
    for (let v = 0; v < mask.length; v++) mask[v] = head.data[v] > 500 ? 1 : 0;
    const p = estimateMidSagittalPlane({ ...head, data: mask });
    const n = p.normal;
    const cos = Math.abs(n[0] * truthNormal[0] + n[1] * truthNormal[1] + n[2] * truthNormal[2]);
    expect(Math.acos(Math.min(1, cos)) / DEG).toBeLessThan(1);
    expect(Math.abs((t[0] - p.origin[0]) * n[0] + (t[1] - p.origin[1]) * n[1] + (t[2] - p.origin[2]) * n[2])).toBeLessThan(1);
  });

  it('a left-hemisphere ROI reflects onto the right with the same area and the same tissue', () => {
    // ROI in the left hemisphere (head x = +30), axial-ish, where the synthetic brain is symmetric.
    const c: Vec3 = [t[0] + R[0][0] * 30 + R[0][1] * -30, t[1] + R[1][0] * 30 + R[1][1] * -30, t[2] + R[2][0] * 30 + R[2][1] * -30];
    const roi = ellipseRoi({ id: 'L1', name: 'left', role: 'infarct-core' }, c, [8, 0, 0], [0, 6, 0]);
    const mirror = reflectRoi(roi, plane, 'R1');
    expect(mirror.role).toBe('contralateral-mirror');
    expect(mirror.mirrorOf).toBe('L1');
    expect(mirror.id).toBe('R1');
    // Left is +x in LPS: the mirror's centre is on the right (x below the plane), at the same distance.
    const side = (p: Vec3) => (p[0] - plane.origin[0]) * plane.normal[0] + (p[1] - plane.origin[1]) * plane.normal[1] + (p[2] - plane.origin[2]) * plane.normal[2];
    expect(side(roi.ellipse!.centre)).toBeGreaterThan(25);
    expect(side(mirror.ellipse!.centre)).toBeCloseTo(-side(roi.ellipse!.centre), 9);
    const [a] = roiStats(roi, { b0: head });
    const [b] = roiStats(mirror, { b0: head });
    expect(Math.abs(b.areaMm2! - a.areaMm2!) / a.areaMm2!).toBeLessThan(0.06);
    expect(Math.abs(b.mean - a.mean) / a.mean).toBeLessThan(0.03);
  });
});

describe('estimateMidSagittalPlane on an oblique, anisotropic grid', () => {
  it('finds the plane within 1° and 1 mm', () => {
    const R = headRotation(-5 * DEG, 2 * DEG);
    const t: Vec3 = [-4.1, 6.2, 18.5];
    const g = 8 * DEG; // slices tilted about L–R (like an AC–PC-angled acquisition), 1.8 × 1.8 × 2.6 mm
    const grid = [
      [1.8, 0, 0],
      [0, 1.8 * Math.cos(g), -2.6 * Math.sin(g)],
      [0, 1.8 * Math.sin(g), 2.6 * Math.cos(g)],
    ];
    const head = syntheticHead(R, t, grid);
    const p = estimateMidSagittalPlane(head);
    const n = p.normal;
    const cos = Math.abs(n[0] * R[0][0] + n[1] * R[1][0] + n[2] * R[2][0]);
    expect(Math.acos(Math.min(1, cos)) / DEG).toBeLessThan(1);
    expect(Math.abs((t[0] - p.origin[0]) * n[0] + (t[1] - p.origin[1]) * n[1] + (t[2] - p.origin[2]) * n[2])).toBeLessThan(1);
  });
});
