import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../src/core/math/types';
import { roiStats } from '../../../src/core/roi/roiStats';
import { annotationToRoi, bidirectionalOf, lengthOf, roiToAnnotation, type AnnotationLike } from '../../../src/viewer/tools/annotationRoi';

const label = { id: 'r1', name: 'Core', role: 'infarct-core' as const };
const axial: Vec3 = [0, 0, 1];

/** Area of a closed planar polygon lying in a z = const plane, mm² (shoelace, independent of core). */
function shoelaceXY(c: Vec3[]): number {
  let s = 0;
  for (let a = 0; a < c.length; a++) {
    const b = (a + 1) % c.length;
    s += c[a][0] * c[b][1] - c[b][0] * c[a][1];
  }
  return Math.abs(s) / 2;
}

function ann(toolName: string, points: Vec3[], extra: Partial<AnnotationLike['data']> = {}, normal: Vec3 = axial): AnnotationLike {
  return { metadata: { toolName, viewPlaneNormal: normal }, data: { handles: { points }, ...extra } };
}

describe('Cornerstone annotation → PlanarRoi (world points are LPS mm)', () => {
  it('EllipticalROI [bottom, top, left, right] gives centre, semi-axes 9 and 12 mm, plane z = 11', () => {
    // The demo infarct on slice z = 11: centre (30, −10), 9 mm along L, 12 mm along P.
    const roi = annotationToRoi(ann('EllipticalROI', [[30, -22, 11], [30, 2, 11], [21, -10, 11], [39, -10, 11]]), label)!;
    expect(roi.shape).toBe('ellipse');
    expect(roi.ellipse!.centre).toEqual([30, -10, 11]);
    expect(roi.ellipse!.axisA).toEqual([9, 0, 0]);
    expect(roi.ellipse!.axisB).toEqual([0, 12, 0]);
    expect(Math.abs(roi.plane.normal[2])).toBeCloseTo(1, 12);
    for (const p of roi.contour) {
      expect(p[2]).toBeCloseTo(11, 12);
      expect(((p[0] - 30) / 9) ** 2 + ((p[1] + 10) / 12) ** 2).toBeCloseTo(1, 9);
    }
    // 64-gon inscribed in the ellipse: π·9·12 × sin(2π/64)·64/(2π).
    expect(shoelaceXY(roi.contour)).toBeCloseTo(Math.PI * 108 * (Math.sin((2 * Math.PI) / 64) * 64) / (2 * Math.PI), 6);
    expect(roi).toMatchObject(label);
  });

  it('CircleROI [centre, rim] gives a circle of radius 5 mm in the view plane (coronal here)', () => {
    const coronal: Vec3 = [0, 1, 0];
    const roi = annotationToRoi(ann('CircleROI', [[0, 10, 0], [3, 10, 4]], {}, coronal), label)!;
    expect(roi.shape).toBe('circle');
    for (const p of roi.contour) {
      expect(p[1]).toBeCloseTo(10, 12);
      expect(Math.hypot(p[0], p[2])).toBeCloseTo(5, 9);
    }
  });

  it('RectangleROI corners give a 10 × 4 mm rectangle whose voxel count on a 1 mm grid is 40', () => {
    const roi = annotationToRoi(ann('RectangleROI', [[0, 0, 2], [10, 0, 2], [0, 4, 2], [10, 4, 2]]), label)!;
    expect(roi.contour).toEqual([[0, 0, 2], [10, 0, 2], [10, 4, 2], [0, 4, 2]]);
    // 1 mm grid with centres at half-integers in x/y and integers in z: x 0.5..9.5, y 0.5..3.5 on slice z = 2.
    const dims: [number, number, number] = [20, 20, 5];
    const affine = [1, 0, 0, -0.5, 0, 1, 0, -0.5, 0, 0, 1, 0, 0, 0, 0, 1];
    const data = new Float32Array(20 * 20 * 5).map((_, v) => v % 7);
    const [s] = roiStats(roi, { x: { dims, affine, data } });
    expect(s.n).toBe(40);
    expect(s.areaMm2).toBeCloseTo(40, 9);
  });

  it('PlanarFreehandROI polyline becomes the contour, projected onto the view plane', () => {
    const polyline: Vec3[] = [[0, 0, 5], [8, 0, 5], [8, 6, 5], [0, 6, 5]];
    const roi = annotationToRoi({ metadata: { toolName: 'PlanarFreehandROI', viewPlaneNormal: axial }, data: { contour: { polyline, closed: true } } }, label)!;
    expect(roi.shape).toBe('freehand');
    expect(roi.contour).toEqual(polyline);
    expect(shoelaceXY(roi.contour)).toBe(48);
  });

  it('degenerate drawings (a click without a drag) and non-ROI tools give null', () => {
    expect(annotationToRoi(ann('EllipticalROI', [[1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1]]), label)).toBeNull();
    expect(annotationToRoi(ann('Length', [[0, 0, 0], [1, 0, 0]]), label)).toBeNull();
  });
});

describe('PlanarRoi → Cornerstone annotation points (restore on reopen)', () => {
  it('round-trips ellipse, circle and rectangle through the handle points', () => {
    const cases: AnnotationLike[] = [
      ann('EllipticalROI', [[30, -22, 11], [30, 2, 11], [21, -10, 11], [39, -10, 11]]),
      ann('CircleROI', [[-5, 3, 7], [-2, 7, 7]]),
      ann('RectangleROI', [[0, 0, 2], [10, 0, 2], [0, 4, 2], [10, 4, 2]]),
    ];
    for (const a of cases) {
      const roi = annotationToRoi(a, label)!;
      const back = roiToAnnotation(roi);
      expect(back.toolName).toBe(a.metadata.toolName);
      expect(back.points).toEqual(a.data.handles!.points);
      expect(annotationToRoi(ann(back.toolName, back.points), label)!.contour).toEqual(roi.contour);
    }
  });

  it('a freehand ROI comes back as its polyline', () => {
    const polyline: Vec3[] = [[0, 0, 5], [8, 0, 5], [4, 6, 5]];
    const roi = annotationToRoi({ metadata: { toolName: 'PlanarFreehandROI', viewPlaneNormal: axial }, data: { contour: { polyline } } }, label)!;
    expect(roiToAnnotation(roi)).toMatchObject({ toolName: 'PlanarFreehandROI', points: [], polyline });
  });
});

describe('lines', () => {
  it('Bidirectional gives A = 24 mm and B = 18 mm, long axis first even when drawn second', () => {
    const long: Vec3[] = [[30, -22, 11], [30, 2, 11]];
    const short: Vec3[] = [[21, -10, 11], [39, -10, 11]];
    expect(bidirectionalOf(ann('Bidirectional', [...long, ...short]))).toEqual({ long, short, longMm: 24, shortMm: 18 });
    expect(bidirectionalOf(ann('Bidirectional', [...short, ...long]))).toEqual({ long, short, longMm: 24, shortMm: 18 });
  });

  it('Length gives the 3-4-5 distance in mm', () => {
    expect(lengthOf(ann('Length', [[1, 1, 1], [4, 5, 1]]))!.lengthMm).toBe(5);
  });
});
