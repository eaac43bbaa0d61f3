import { describe, expect, it } from 'vitest';
import { abc2Volume } from '../../../src/core/abc2/abc2Volume';
import { cFromKothari } from '../../../src/core/abc2/cFromKothari';
import { cFromSlices } from '../../../src/core/abc2/cFromSlices';
import { kothariSliceWeights } from '../../../src/core/abc2/kothariSliceWeights';
import { labelSlice } from '../../../src/core/abc2/labelSlice';
import { lesionAreasPerSlice } from '../../../src/core/abc2/lesionAreasPerSlice';
import { longestDiameter } from '../../../src/core/abc2/longestDiameter';
import { longestPerpendicular } from '../../../src/core/abc2/longestPerpendicular';
import { planimetricVolume } from '../../../src/core/abc2/planimetricVolume';

describe('abc2Volume / cFromSlices', () => {
  it('A·B·C/2 in mL', () => {
    expect(abc2Volume({ aMm: 30, bMm: 20, cMm: 16 })).toBeCloseTo(4.8, 12);
  });
  it('C = (last − first + 1) × spacing, either order', () => {
    expect(cFromSlices(3, 10, 2)).toBe(16);
    expect(cFromSlices(10, 3, 2)).toBe(16);
    expect(cFromSlices(5, 5, 5)).toBe(5);
  });
});

describe('Kothari slice weighting', () => {
  it('weights by the fraction of the largest area, thresholds 25 % and 75 % inclusive', () => {
    const { weights, weightedCount } = kothariSliceWeights([0, 10, 25, 40, 74.9, 75, 100, 24.9]);
    expect(weights).toEqual([0, 0, 0.5, 0.5, 0.5, 1, 1, 0]);
    expect(weightedCount).toBe(3.5);
    expect(kothariSliceWeights([0, 0]).weightedCount).toBe(0);
  });

  it('a designed lesion of rectangles gives the expected C', () => {
    const dims: [number, number, number] = [20, 20, 8];
    const labels = new Uint8Array(20 * 20 * 8);
    const pixelsPerSlice = [0, 10, 40, 100, 90, 60, 24, 0]; // ratios 0, .1, .4, 1, .9, .6, .24, 0
    pixelsPerSlice.forEach((count, k) => {
      for (let p = 0; p < count; p++) labels[k * 400 + (p % 10) + 20 * Math.floor(p / 10)] = 3;
    });
    const areas = lesionAreasPerSlice(labels, dims, [0.5, 0.8, 5]);
    expect(areas).toEqual(pixelsPerSlice.map((c) => c * 0.4));
    // weights 0, 0, .5, 1, 1, .5, 0, 0 → 3 slices
    expect(cFromKothari(areas, 5)).toBeCloseTo(15, 12);
    expect(lesionAreasPerSlice(labels, dims, [0.5, 0.8, 5], 2).every((a) => a === 0)).toBe(true);
  });
});

describe('voxelised ellipsoid lesion 30 × 20 × 16 mm at 1 × 1 × 2 mm', () => {
  const [a, b, c] = [30, 20, 16];
  const dims: [number, number, number] = [48, 36, 16];
  const [nx, ny, nz] = dims;
  const spacing: [number, number, number] = [1, 1, 2];
  const ci = 24.3;
  const cj = 17.6;
  const ck = 7.5; // slice centres at z = ±1, ±3, ±5, ±7 mm from the lesion centre
  const labels = new Uint8Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const e = ((i - ci) / (a / 2)) ** 2 + ((j - cj) / (b / 2)) ** 2 + (((k - ck) * 2) / (c / 2)) ** 2;
        if (e <= 1) labels[(k * ny + j) * nx + i] = 1;
      }

  const areas = lesionAreasPerSlice(labels, dims, spacing);
  const largest = areas.indexOf(Math.max(...areas));
  const slice = { mask: labelSlice(labels, dims, largest), nx, ny, spacing: [1, 1] as [number, number] };
  const A = longestDiameter(slice)!;
  const B = longestPerpendicular(slice, A)!;

  it('longest diameter and perpendicular are within one voxel of a and b', () => {
    expect(Math.abs(A.lengthMm - a)).toBeLessThanOrEqual(1);
    expect(Math.abs(B.lengthMm - b)).toBeLessThanOrEqual(1);
    // A runs along i (a pixelated ellipse's flat ends let the farthest pair tilt by a few pixels
    // over 30: under 9°), B is perpendicular to it.
    const ad = [A.to[0] - A.from[0], A.to[1] - A.from[1]];
    const bd = [B.to[0] - B.from[0], B.to[1] - B.from[1]];
    expect(Math.abs(ad[0] * bd[0] + ad[1] * bd[1])).toBeLessThan(1e-9);
    expect(Math.abs(Math.atan2(ad[1], ad[0]))).toBeLessThan(0.15);
  });

  it('lesion spans 8 slices; ABC/2 ≈ a·b·c/2', () => {
    const lesionSlices = areas.map((x, k) => (x > 0 ? k : -1)).filter((k) => k >= 0);
    expect(lesionSlices.length).toBe(8);
    const C = cFromSlices(lesionSlices[0], lesionSlices[lesionSlices.length - 1], 2);
    expect(C).toBe(16);
    const v = abc2Volume({ aMm: A.lengthMm, bMm: B.lengthMm, cMm: C });
    expect(Math.abs(v - (a * b * c) / 2000) / ((a * b * c) / 2000)).toBeLessThan(0.1);
  });

  it('planimetric volume is within 2 % of π/6·a·b·c, by spacing or by affine', () => {
    const truth = ((Math.PI / 6) * a * b * c) / 1000;
    const v = planimetricVolume(labels, dims, spacing);
    expect(Math.abs(v - truth) / truth).toBeLessThan(0.02);
    const th = 0.4; // same grid rotated in patient space: same voxel volume
    const affine = [Math.cos(th), -Math.sin(th), 0, 10, Math.sin(th), Math.cos(th), 0, -5, 0, 0, 2, 30, 0, 0, 0, 1];
    expect(planimetricVolume(labels, dims, affine)).toBeCloseTo(v, 12);
  });

  it('Kothari C on the ellipsoid: per side weights 1, 1, .5, 0 → C = 10 mm', () => {
    expect(kothariSliceWeights(areas).weights.filter((w) => w > 0)).toEqual([0.5, 1, 1, 1, 1, 0.5]);
    expect(cFromKothari(areas, 2)).toBe(10);
  });
});

describe('diameters of an oblique ellipse', () => {
  it('a 30 × 20 mm ellipse rotated 30° on 0.9 × 0.7 mm pixels measures within one pixel diagonal', () => {
    const nx = 60;
    const ny = 70;
    const sx = 0.9;
    const sy = 0.7;
    const mask = new Uint8Array(nx * ny);
    const th = Math.PI / 6;
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const x = (i - 29.4) * sx;
        const y = (j - 35.2) * sy;
        const u = x * Math.cos(th) + y * Math.sin(th);
        const v = -x * Math.sin(th) + y * Math.cos(th);
        if ((u / 15) ** 2 + (v / 10) ** 2 <= 1) mask[j * nx + i] = 1;
      }
    const s = { mask, nx, ny, spacing: [sx, sy] as [number, number] };
    const A = longestDiameter(s)!;
    const B = longestPerpendicular(s, A)!;
    const diag = Math.hypot(sx, sy);
    expect(Math.abs(A.lengthMm - 30)).toBeLessThan(diag);
    expect(Math.abs(B.lengthMm - 20)).toBeLessThan(diag);
    const angle = Math.atan2((A.to[1] - A.from[1]) * sy, (A.to[0] - A.from[0]) * sx);
    expect(Math.abs(angle - th)).toBeLessThan(0.05);
    expect(longestDiameter({ mask: new Uint8Array(4), nx: 2, ny: 2, spacing: [1, 1] })).toBeNull();
  });
});
