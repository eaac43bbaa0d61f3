import { add } from '../math/vec3Arithmetic';
import { unit } from '../math/vec3Length';
import { cross } from '../math/vec3Products';
import type { Vec3 } from '../math/types';
import type { PlanarRoi } from '../measure/types';
import type { RoiLabel } from './roiLabel';

/**
 * A rectangle ROI from one corner and its two side vectors, LPS mm (orthogonal sides for a true
 * rectangle; any parallelogram works). Contour: corner, +sideA, +sideA+sideB, +sideB; plane
 * normal sideA × sideB through the corner.
 */
export function rectangleRoi(label: RoiLabel, corner: Vec3, sideA: Vec3, sideB: Vec3): PlanarRoi {
  const normal = unit(cross(sideA, sideB));
  if (!normal) throw new Error('rectangle sides are parallel or zero');
  const far = add(corner, sideA);
  return {
    ...label,
    shape: 'rectangle',
    plane: { origin: corner, normal },
    contour: [corner, far, add(far, sideB), add(corner, sideB)],
  };
}
