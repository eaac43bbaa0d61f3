import { describe, expect, it } from 'vitest';
import { cornerstoneGeometry, worldToVoxel } from '../../../src/viewer/volumeGeometry';
import { displayRange, formatProbe } from '../../../src/viewer/mapCatalog';
import { cssGradient, rgbPoints } from '../../../src/viewer/colormaps';

/** An oblique, anisotropic affine: 2 mm columns along +x rotated 30° about z, 2.5 mm rows, 4 mm slices along −z, origin (−100, 50, 20). */
const c = Math.cos(Math.PI / 6);
const s = Math.sin(Math.PI / 6);
const affine = [2 * c, -2.5 * s, 0, -100, 2 * s, 2.5 * c, 0, 50, 0, 0, -4, 20, 0, 0, 0, 1];

describe('volume geometry for Cornerstone local volumes', () => {
  it('splits the affine into origin, spacing and unit direction columns', () => {
    const g = cornerstoneGeometry(affine);
    expect(g.origin).toEqual([-100, 50, 20]);
    expect(g.spacing[0]).toBeCloseTo(2, 12);
    expect(g.spacing[1]).toBeCloseTo(2.5, 12);
    expect(g.spacing[2]).toBeCloseTo(4, 12);
    const expected = [c, s, 0, -s, c, 0, 0, 0, -1];
    g.direction.forEach((v, n) => expect(v).toBeCloseTo(expected[n], 12));
  });

  it('maps a world point back to the voxel whose centre it is, and rejects points outside', () => {
    const ijk = [7, 3, 5];
    const world = [0, 1, 2].map((r) => affine[r * 4] * ijk[0] + affine[r * 4 + 1] * ijk[1] + affine[r * 4 + 2] * ijk[2] + affine[r * 4 + 3]) as [number, number, number];
    expect(worldToVoxel(affine, [10, 10, 10], world)).toEqual([7, 3, 5]);
    // 0.9 mm off along the row axis stays in the same 2 mm voxel; a volume of 5 slices has no k = 5.
    expect(worldToVoxel(affine, [10, 10, 10], [world[0] + 0.9 * c, world[1] + 0.9 * s, world[2]])).toEqual([7, 3, 5]);
    expect(worldToVoxel(affine, [10, 10, 5], world)).toBeNull();
  });
});

describe('map display conventions', () => {
  it('prints FA unitless and diffusivities in 10⁻⁶ mm²/s', () => {
    expect(formatProbe('fa', 0.53249)).toBe('FA 0.532');
    expect(formatProbe('md', 0.000812)).toBe('MD 812 10⁻⁶ mm²/s');
    expect(formatProbe('s0', 1234.4)).toBe('S0 1234');
  });

  it('windows signal maps to the 99.5th percentile of non-zero voxels', () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => i); // 0 excluded → 1..999
    expect(displayRange('s0', values)).toEqual([0, 995]);
    expect(displayRange('md', values)).toEqual([0, 3000]);
  });

  it('colour maps span 0..1 and the colourbar gradient lists every stop', () => {
    const pts = rgbPoints('hot');
    expect(pts[0]).toBe(0);
    expect(pts[pts.length - 4]).toBe(1);
    expect(cssGradient('grey')).toBe('linear-gradient(to top, rgb(0, 0, 0) 0.0%, rgb(255, 255, 255) 100.0%)');
  });
});
