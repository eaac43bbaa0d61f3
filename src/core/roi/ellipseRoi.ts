import { unit } from '../math/vec3Length';
import { cross } from '../math/vec3Products';
import type { Vec3 } from '../math/types';
import type { PlanarRoi } from '../measure/types';
import { ellipseContour } from './ellipseContour';
import type { RoiLabel } from './roiLabel';

/**
 * An ellipse (or circle) ROI from its centre and semi-axis vectors, LPS mm. The plane passes
 * through the centre with normal axisA × axisB; the stored contour is its polygon (statistics use
 * it, one inclusion rule for every shape) and `ellipse` keeps the exact geometry for export.
 */
export function ellipseRoi(
  label: RoiLabel,
  centre: Vec3,
  axisA: Vec3,
  axisB: Vec3,
  opts: { segments?: number; shape?: 'ellipse' | 'circle' } = {},
): PlanarRoi {
  const normal = unit(cross(axisA, axisB));
  if (!normal) throw new Error('ellipse axes are parallel or zero');
  return {
    ...label,
    shape: opts.shape ?? 'ellipse',
    plane: { origin: centre, normal },
    contour: ellipseContour(centre, axisA, axisB, opts.segments),
    ellipse: { centre, axisA, axisB },
  };
}
