import { scale } from '../math/vec3Arithmetic';
import type { Plane, PlanarRoi } from '../measure/types';
import { reflectPoint, reflectVector } from './reflect';

/**
 * The contralateral mirror of a planar ROI across a (mid-sagittal) plane, all in LPS mm: contour
 * points and the ROI plane's origin are reflected as points, its normal as a direction.
 * A reflection reverses handedness, so the contour order is reversed to keep the same winding
 * about the (reflected) plane normal as the original; for an ellipse, axisB is negated for the
 * same reason (axisA × axisB stays along the normal; the ellipse itself is unchanged).
 * Area and shape are preserved exactly. `id` is the new ROI's id (core makes no ids).
 */
export function reflectRoi(roi: PlanarRoi, mirror: Plane, id: string): PlanarRoi {
  const out: PlanarRoi = {
    id,
    shape: roi.shape,
    role: 'contralateral-mirror',
    name: `${roi.name} (mirror)`,
    plane: { origin: reflectPoint(roi.plane.origin, mirror), normal: reflectVector(roi.plane.normal, mirror) },
    contour: roi.contour.map((p) => reflectPoint(p, mirror)).reverse(),
    mirrorOf: roi.id,
  };
  if (roi.ellipse) {
    out.ellipse = {
      centre: reflectPoint(roi.ellipse.centre, mirror),
      axisA: reflectVector(roi.ellipse.axisA, mirror),
      axisB: scale(reflectVector(roi.ellipse.axisB, mirror), -1),
    };
  }
  return out;
}
