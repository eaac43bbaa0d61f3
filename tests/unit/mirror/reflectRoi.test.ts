import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../src/core/math/types';
import type { Plane, RoiStats } from '../../../src/core/measure/types';
import { ipsiContraRatios } from '../../../src/core/mirror/ratios';
import { reflectRoi } from '../../../src/core/mirror/reflectRoi';
import { freehandRoi } from '../../../src/core/roi/freehandRoi';
import { ellipseRoi } from '../../../src/core/roi/ellipseRoi';

/** Signed area vector ½ Σ pᵢ × pᵢ₊₁ of a closed polygon (mm²): its direction gives the winding. */
function areaVector(c: Vec3[]): Vec3 {
  const s: Vec3 = [0, 0, 0];
  for (let a = 0; a < c.length; a++) {
    const p = c[a];
    const q = c[(a + 1) % c.length];
    s[0] += (p[1] * q[2] - p[2] * q[1]) / 2;
    s[1] += (p[2] * q[0] - p[0] * q[2]) / 2;
    s[2] += (p[0] * q[1] - p[1] * q[0]) / 2;
  }
  return s;
}
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

describe('reflectRoi', () => {
  const plane: Plane = { origin: [2, 0, 0], normal: [Math.cos(0.1), Math.sin(0.1), 0] };

  it('reflects points across the plane, keeps area and winding about the normal', () => {
    const roi = freehandRoi({ id: 'a', name: 'core', role: 'infarct-core' }, [
      [30, 10, 5],
      [40, 12, 5],
      [38, 25, 5],
      [33, 20, 5],
    ]);
    const m = reflectRoi(roi, plane, 'b');
    // Each reflected point is equidistant from the plane on the other side, and p + p' is on the plane.
    const n = plane.normal;
    const orig = [...roi.contour].reverse();
    m.contour.forEach((q, idx) => {
      const p = orig[idx];
      const dp = dot([p[0] - 2, p[1], p[2]], n);
      const dq = dot([q[0] - 2, q[1], q[2]], n);
      expect(dq).toBeCloseTo(-dp, 9);
      const mid: Vec3 = [(p[0] + q[0]) / 2 - 2, (p[1] + q[1]) / 2, (p[2] + q[2]) / 2];
      expect(dot(mid, n)).toBeCloseTo(0, 9);
    });
    const A0 = areaVector(roi.contour);
    const A1 = areaVector(m.contour);
    expect(Math.hypot(...A1)).toBeCloseTo(Math.hypot(...A0), 9);
    expect(Math.sign(dot(A0, roi.plane.normal))).toBe(Math.sign(dot(A1, m.plane.normal)));
    expect(m).toMatchObject({ id: 'b', role: 'contralateral-mirror', mirrorOf: 'a', shape: 'freehand' });
  });

  it('an ellipse keeps axisA × axisB along the reflected normal', () => {
    const roi = ellipseRoi({ id: 'e', name: 'x', role: 'infarct-core' }, [30, 0, 0], [5, 0, 0], [0, 3, 0]);
    const m = reflectRoi(roi, plane, 'f');
    const { axisA, axisB } = m.ellipse!;
    const c: Vec3 = [axisA[1] * axisB[2] - axisA[2] * axisB[1], axisA[2] * axisB[0] - axisA[0] * axisB[2], axisA[0] * axisB[1] - axisA[1] * axisB[0]];
    expect(dot(c, m.plane.normal)).toBeCloseTo(15, 9);
  });
});

describe('ipsiContraRatios', () => {
  const stat = (map: string, mean: number, median: number) => ({ map, mean, median }) as RoiStats;
  it('divides ipsilateral by contralateral per map, labelled rFA, rMD…', () => {
    const r = ipsiContraRatios(
      [stat('fa', 0.3, 0.28), stat('md', 0.5e-3, 0.45e-3), stat('ad', 1, 1)],
      [stat('md', 0.8e-3, 0.9e-3), stat('fa', 0.4, 0.35)],
    );
    expect(r.map((x) => x.label)).toEqual(['rFA', 'rMD']);
    expect(r[0].ratio).toBeCloseTo(0.75, 12);
    expect(r[1].ratio).toBeCloseTo(0.625, 12);
    const med = ipsiContraRatios([stat('rd', 2, 0.6)], [stat('rd', 1, 0.8)], 'median');
    expect(med[0]).toMatchObject({ label: 'rRD', ipsi: 0.6, contra: 0.8 });
    expect(med[0].ratio).toBeCloseTo(0.75, 12);
    expect(ipsiContraRatios([stat('fa', 1, 1)], [stat('fa', 0, 0)])[0].ratio).toBeNaN();
  });
});
