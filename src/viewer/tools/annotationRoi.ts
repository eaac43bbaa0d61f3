import { add, scale, sub } from '../../core/math/vec3Arithmetic';
import { norm, unit } from '../../core/math/vec3Length';
import { cross } from '../../core/math/vec3Products';
import type { Vec3 } from '../../core/math/types';
import type { PlanarRoi, RoiShape } from '../../core/measure/types';
import { ellipseRoi } from '../../core/roi/ellipseRoi';
import { freehandRoi } from '../../core/roi/freehandRoi';
import { rectangleRoi } from '../../core/roi/rectangleRoi';
import type { RoiLabel } from '../../core/roi/roiLabel';

/**
 * Conversion between Cornerstone 5 annotations and the app's PlanarRoi. Cornerstone world
 * coordinates ARE patient LPS mm (volume and stack viewports place images by their DICOM
 * geometry), so annotation handle points are used as LPS points directly; no canvas coordinates
 * are involved, and the result does not depend on zoom, pan or which viewport drew it.
 *
 * The annotation type below is the structural subset of Cornerstone's Annotation this module
 * reads, so the conversion is testable without a WebGL context.
 */
export interface AnnotationLike {
  annotationUID?: string;
  metadata: { toolName: string; viewPlaneNormal?: ArrayLike<number>; FrameOfReferenceUID?: string };
  data: {
    handles?: { points?: ArrayLike<number>[] };
    contour?: { polyline?: ArrayLike<number>[]; closed?: boolean };
    label?: string;
  };
}

/** Cornerstone tool names of the ROI tools, by the PlanarRoi shape each one draws. */
export const ROI_TOOL_BY_SHAPE: Record<Exclude<RoiShape, 'brush'>, string> = {
  ellipse: 'EllipticalROI',
  circle: 'CircleROI',
  rectangle: 'RectangleROI',
  freehand: 'PlanarFreehandROI',
};

/** The PlanarRoi shape an annotation of `toolName` becomes, or null for non-ROI tools (Length, Bidirectional, Probe). */
export function shapeOfTool(toolName: string): Exclude<RoiShape, 'brush'> | null {
  for (const [shape, tool] of Object.entries(ROI_TOOL_BY_SHAPE)) if (tool === toolName) return shape as Exclude<RoiShape, 'brush'>;
  return null;
}

const v3 = (p: ArrayLike<number>): Vec3 => [p[0], p[1], p[2]];
const mid = (a: Vec3, b: Vec3): Vec3 => scale(add(a, b), 0.5);

/**
 * The PlanarRoi (LPS mm) of an ROI annotation, or null when it is not an ROI tool or is
 * degenerate (zero area, fewer than 3 freehand points) — e.g. a click without a drag.
 * - EllipticalROI: handles [bottom, top, left, right] (canvas-aligned ends of the two axes):
 *   centre = midpoint of left/right, semi-axes (right − left)/2 and (top − bottom)/2.
 * - CircleROI: handles [centre, point on the rim]; the second semi-axis is the first turned 90°
 *   in the view plane (viewPlaneNormal × radius).
 * - RectangleROI: handles [topLeft, topRight, bottomLeft, bottomRight]: corner, two sides.
 * - PlanarFreehandROI: data.contour.polyline in the view plane (its normal from the metadata).
 */
export function annotationToRoi(annotation: AnnotationLike, label: RoiLabel): PlanarRoi | null {
  const shape = shapeOfTool(annotation.metadata.toolName);
  const points = (annotation.data.handles?.points ?? []).map(v3);
  const normal = annotation.metadata.viewPlaneNormal ? unit(v3(annotation.metadata.viewPlaneNormal)) : null;
  try {
    switch (shape) {
      case 'ellipse': {
        if (points.length < 4) return null;
        const [bottom, top, left, right] = points;
        const axisA = scale(sub(right, left), 0.5);
        const axisB = scale(sub(top, bottom), 0.5);
        if (norm(axisA) < 1e-6 || norm(axisB) < 1e-6) return null;
        return ellipseRoi(label, mid(left, right), axisA, axisB);
      }
      case 'circle': {
        if (points.length < 2 || !normal) return null;
        const [centre, rim] = points;
        const axisA = sub(rim, centre);
        if (norm(axisA) < 1e-6) return null;
        return ellipseRoi(label, centre, axisA, cross(normal, axisA), { shape: 'circle' });
      }
      case 'rectangle': {
        if (points.length < 4) return null;
        const [topLeft, topRight, bottomLeft] = points;
        const sideA = sub(topRight, topLeft);
        const sideB = sub(bottomLeft, topLeft);
        if (norm(cross(sideA, sideB)) < 1e-6) return null;
        return rectangleRoi(label, topLeft, sideA, sideB);
      }
      case 'freehand': {
        const polyline = (annotation.data.contour?.polyline ?? []).map(v3);
        if (polyline.length < 3) return null;
        return freehandRoi(label, polyline, normal ? { origin: polyline[0], normal } : undefined);
      }
      default:
        return null;
    }
  } catch {
    // Parallel or zero axes: nothing measurable was drawn.
    return null;
  }
}

/**
 * The Cornerstone tool and handle points (LPS mm) that redraw a stored PlanarRoi, the inverse of
 * annotationToRoi: ellipse/circle from `roi.ellipse`, rectangle from its 4 contour corners,
 * freehand as the contour polyline (no handles). `viewPlaneNormal` is the ROI plane's normal.
 */
export function roiToAnnotation(roi: PlanarRoi): {
  toolName: string;
  points: Vec3[];
  polyline: Vec3[] | null;
  viewPlaneNormal: Vec3;
} {
  const viewPlaneNormal = roi.plane.normal;
  if ((roi.shape === 'ellipse' || roi.shape === 'circle') && roi.ellipse) {
    const { centre, axisA, axisB } = roi.ellipse;
    const points =
      roi.shape === 'circle'
        ? [centre, add(centre, axisA)]
        : [sub(centre, axisB), add(centre, axisB), sub(centre, axisA), add(centre, axisA)];
    return { toolName: ROI_TOOL_BY_SHAPE[roi.shape], points, polyline: null, viewPlaneNormal };
  }
  if (roi.shape === 'rectangle' && roi.contour.length === 4) {
    const [corner, far, , other] = roi.contour;
    // Contour is corner, +A, +A+B, +B; Cornerstone wants topLeft, topRight, bottomLeft, bottomRight.
    return { toolName: ROI_TOOL_BY_SHAPE.rectangle, points: [corner, far, other, roi.contour[2]], polyline: null, viewPlaneNormal };
  }
  return { toolName: ROI_TOOL_BY_SHAPE.freehand, points: [], polyline: roi.contour, viewPlaneNormal };
}

/** A Bidirectional annotation's two axes (handles [long0, long1, short0, short1], LPS mm) and their lengths, mm. */
export function bidirectionalOf(annotation: AnnotationLike): { long: [Vec3, Vec3]; short: [Vec3, Vec3]; longMm: number; shortMm: number } | null {
  const p = (annotation.data.handles?.points ?? []).map(v3);
  if (annotation.metadata.toolName !== 'Bidirectional' || p.length < 4) return null;
  const longMm = norm(sub(p[1], p[0]));
  const shortMm = norm(sub(p[3], p[2]));
  // Cornerstone keeps the long axis first, but a reader may drag the short one past it.
  return longMm >= shortMm
    ? { long: [p[0], p[1]], short: [p[2], p[3]], longMm, shortMm }
    : { long: [p[2], p[3]], short: [p[0], p[1]], longMm: shortMm, shortMm: longMm };
}

/** A Length annotation's two ends (LPS mm) and length, mm. */
export function lengthOf(annotation: AnnotationLike): { points: [Vec3, Vec3]; lengthMm: number } | null {
  const p = (annotation.data.handles?.points ?? []).map(v3);
  if (annotation.metadata.toolName !== 'Length' || p.length < 2) return null;
  return { points: [p[0], p[1]], lengthMm: norm(sub(p[1], p[0])) };
}
