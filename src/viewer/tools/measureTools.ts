import { getRenderingEngines, utilities as csUtils } from '@cornerstonejs/core';
import {
  addTool,
  annotation as csAnnotation,
  BidirectionalTool,
  BrushTool,
  CircleROITool,
  EllipticalROITool,
  Enums as ToolEnums,
  LengthTool,
  PlanarFreehandROITool,
  ProbeTool,
  RectangleROITool,
  ToolGroupManager,
  WindowLevelTool,
  type Types as ToolTypes,
  utilities as csToolUtils,
} from '@cornerstonejs/tools';
import type { Vec3 } from '../../core/math/types';
import type { PlanarRoi } from '../../core/measure/types';
import { roiToAnnotation } from './annotationRoi';
import { probeAnnotationTextLines, type ProbeData } from './probeTextLines';
import { bidirectionalTextLines, drawingViewport, roiAnnotationTextLines } from './roiTextLines';

/** A tool the primary mouse button can run, with its toolbar label and keyboard key. */
export interface PrimaryTool {
  toolName: string;
  label: string;
  key: string;
}

/** The left-button tools, in toolbar order. Window/level is the default and the `w` key returns to it. */
export const PRIMARY_TOOLS: PrimaryTool[] = [
  { toolName: WindowLevelTool.toolName, label: 'W/L', key: 'w' },
  { toolName: EllipticalROITool.toolName, label: 'Ellipse', key: 'e' },
  { toolName: CircleROITool.toolName, label: 'Circle', key: 'o' },
  { toolName: RectangleROITool.toolName, label: 'Rectangle', key: 'q' },
  { toolName: PlanarFreehandROITool.toolName, label: 'Freehand', key: 'f' },
  { toolName: LengthTool.toolName, label: 'Length', key: 'm' },
  { toolName: BidirectionalTool.toolName, label: 'Bidirectional', key: 'd' },
  { toolName: ProbeTool.toolName, label: 'Probe', key: 'x' },
  { toolName: BrushTool.toolName, label: 'Brush', key: 'g' },
];

const MEASURE_TOOLS = [EllipticalROITool, CircleROITool, RectangleROITool, PlanarFreehandROITool, LengthTool, BidirectionalTool, ProbeTool, BrushTool];
/** The tools that draw annotations (the brush paints a labelmap instead). */
const ANNOTATION_TOOLS = MEASURE_TOOLS.filter((tool) => tool !== BrushTool).map((tool) => tool.toolName);

/** Marks the Length annotation that draws the (draggable) mid-sagittal plane: not a measurement. */
export const PLANE_LINE_LABEL = 'Mid-sagittal plane';

/** The tools whose text boxes print the app's numbers (roiTextLines.ts, probeTextLines.ts) instead of Cornerstone's. */
const OWN_TEXT_TOOLS = [EllipticalROITool, CircleROITool, RectangleROITool, PlanarFreehandROITool, BidirectionalTool, ProbeTool];

/**
 * Per-tool configuration: CircleROI centre + rim (converts to a circle exactly); the ROI and
 * Bidirectional text boxes from the app's own numbers (Cornerstone's own statistics stay on only
 * because CircleROI and PlanarFreehandROI draw no text box without them); brush radius 5 mm in
 * world units, a stroke-lesion scale (Cornerstone's 25 mm default paints a whole hemisphere slice on 2 mm DTI).
 */
const TOOL_CONFIG: Record<string, Record<string, unknown>> = {
  [EllipticalROITool.toolName]: { getTextLines: roiAnnotationTextLines },
  [CircleROITool.toolName]: { simplified: true, getTextLines: roiAnnotationTextLines },
  [RectangleROITool.toolName]: { getTextLines: roiAnnotationTextLines },
  [PlanarFreehandROITool.toolName]: { getTextLines: roiAnnotationTextLines },
  [BidirectionalTool.toolName]: { getTextLines: bidirectionalTextLines },
  [BrushTool.toolName]: { brushSize: 5 },
};

interface RenderingTool {
  renderAnnotation(enabledElement: { viewport: { id: string } }, svgDrawingHelper: unknown): boolean;
}

type ProbeGetTextLines = (data: ProbeData, targetId: string) => string[] | undefined;

let groupId: string | null = null;

/**
 * Adds the measurement tools to Cornerstone and to the viewer's tool group, passive (with W/L on
 * the left button every annotation is editable). Called once from initCornerstone.
 * CircleROI draws centre + rim (simplified) so it converts to a circle exactly. BrushTool paints
 * the active segment of the viewport's active labelmap (see brushSegmentation.ts).
 */
export function registerMeasureTools(toolGroupId: string): void {
  const group = ToolGroupManager.getToolGroup(toolGroupId);
  if (!group) throw new Error(`tool group ${toolGroupId} missing`);
  for (const tool of MEASURE_TOOLS) addTool(tool);
  for (const tool of MEASURE_TOOLS)
    group.addTool(tool.toolName, TOOL_CONFIG[tool.toolName] ?? {});
  for (const tool of MEASURE_TOOLS) group.setToolPassive(tool.toolName);
  // getTextLines is not told the viewport: the render (synchronous, per viewport) says which one.
  for (const tool of OWN_TEXT_TOOLS) {
    const instance = group.getToolInstance(tool.toolName) as unknown as RenderingTool;
    const render = instance.renderAnnotation.bind(instance);
    instance.renderAnnotation = (enabledElement, svgDrawingHelper) => drawingViewport(enabledElement.viewport.id, () => render(enabledElement, svgDrawingHelper));
  }
  // The Probe keeps Cornerstone's own text (stored/rescaled value) on raw images: wrap it, not replace it.
  const probe = group.getToolInstance(ProbeTool.toolName) as unknown as { configuration: { getTextLines: ProbeGetTextLines } };
  const cornerstoneText = probe.configuration.getTextLines;
  probe.configuration.getTextLines = (data, targetId) => probeAnnotationTextLines(data, targetId, cornerstoneText);
  groupId = toolGroupId;
}

/**
 * Binds the left mouse button to `toolName`. With W/L every annotation tool is passive: any
 * annotation (and the plane trace) can be grabbed and edited. With a drawing tool (or the brush)
 * the other annotation tools are only shown (Enabled): a press over an ROI, its outline, its
 * mirror or their text boxes draws — a reader measures A and B right over the lesion they
 * outlined — instead of Cornerstone grabbing the annotation under the pointer. The active tool's
 * own annotations stay editable.
 */
export function setPrimaryTool(toolName: string): void {
  const group = groupId ? ToolGroupManager.getToolGroup(groupId) : undefined;
  if (!group) return;
  const current = group.getActivePrimaryMouseButtonTool();
  if (current && current !== toolName) group.setToolPassive(current);
  const editAll = toolName === WindowLevelTool.toolName;
  for (const other of ANNOTATION_TOOLS) {
    if (other === toolName) continue;
    if (editAll) group.setToolPassive(other);
    else group.setToolEnabled(other);
  }
  if (current !== toolName) group.setToolActive(toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
}

/** Cornerstone's annotation history (every tool records a memo per drag): Ctrl+Z / Ctrl+Shift+Z. */
export function undoAnnotation(): void {
  csUtils.HistoryMemo.DefaultHistoryMemo.undo();
  renderAll();
}

export function redoAnnotation(): void {
  csUtils.HistoryMemo.DefaultHistoryMemo.redo();
  renderAll();
}

/** Re-renders every viewport (annotations are drawn in the render's SVG layer). */
export function renderAll(): void {
  for (const engine of getRenderingEngines() ?? []) engine.render();
}

/** Redraws only the annotation layer of every viewport (text boxes after the ROI rows changed). */
export function renderAnnotations(): void {
  const ids = (getRenderingEngines() ?? []).flatMap((engine) => engine.getViewports().map((v) => v.id));
  if (ids.length > 0) csToolUtils.triggerAnnotationRenderForViewportIds(ids);
}

const emptyTextBox = () => ({
  hasMoved: false,
  worldPosition: [0, 0, 0] as Vec3,
  worldBoundingBox: { topLeft: [0, 0, 0], topRight: [0, 0, 0], bottomLeft: [0, 0, 0], bottomRight: [0, 0, 0] },
});

/**
 * A new, unlocked and visible Cornerstone annotation of `toolName` with handle `points` (LPS mm)
 * in `frameOfReferenceUID`; `viewPlaneNormal` pins it to slices of that normal (absent: the slice
 * its points lie in). `autoGenerated` marks the app's own drawings (the plane trace).
 */
function newAnnotation(
  id: string,
  toolName: string,
  points: Vec3[],
  frameOfReferenceUID: string,
  options: { viewPlaneNormal?: Vec3; label: string; polyline?: Vec3[] | null; autoGenerated?: boolean },
): ToolTypes.Annotation {
  const { viewPlaneNormal, label, polyline, autoGenerated = false } = options;
  return {
    annotationUID: id,
    highlighted: false,
    invalidated: true,
    isLocked: false,
    isVisible: true,
    autoGenerated,
    metadata: { toolName, ...(viewPlaneNormal ? { viewPlaneNormal } : {}), FrameOfReferenceUID: frameOfReferenceUID },
    data: {
      handles: { points, activeHandleIndex: null, textBox: emptyTextBox() },
      ...(polyline ? { contour: { polyline, closed: true } } : {}),
      label,
      cachedStats: {},
    },
  } as unknown as ToolTypes.Annotation;
}

/**
 * Draws a stored or computed PlanarRoi as a Cornerstone annotation with the ROI's id as its
 * annotationUID, in the frame of reference `frameOfReferenceUID` (shown by every viewport of that
 * frame whose slice holds it). Replaces an annotation of the same id (used when the mirror moves).
 */
export function showRoiAnnotation(roi: PlanarRoi, frameOfReferenceUID: string): void {
  const { toolName, points, polyline, viewPlaneNormal } = roiToAnnotation(roi);
  const existing = csAnnotation.state.getAnnotation(roi.id);
  if (existing) {
    existing.data.handles!.points = points;
    if (polyline && existing.data.contour) existing.data.contour.polyline = polyline;
    existing.invalidated = true;
    renderAll();
    return;
  }
  const annotation = newAnnotation(roi.id, toolName, points, frameOfReferenceUID, { viewPlaneNormal, label: roi.name, polyline });
  csAnnotation.state.addAnnotation(annotation, frameOfReferenceUID);
  renderAll();
}

/**
 * Draws the mid-sagittal plane's trace on one slice as a Length annotation from `from` to `to`
 * (LPS mm, both in the slice plane of normal `sliceNormal`), replacing any earlier trace. It is
 * left unlocked so the reader can drag it (the line: translate; an end handle: turn); the
 * measurement service tells it from a measured Length by its label.
 */
export function showPlaneLine(id: string, from: Vec3, to: Vec3, sliceNormal: Vec3, frameOfReferenceUID: string): void {
  removeAnnotation(id);
  const annotation = newAnnotation(id, LengthTool.toolName, [from, to], frameOfReferenceUID, { viewPlaneNormal: sliceNormal, label: PLANE_LINE_LABEL, autoGenerated: true });
  // A plane trace, not a measurement: its length would only mislead; dashed like a reference line.
  // textBoxVisibility is read by AnnotationTool at runtime but missing from the AnnotationStyle type.
  const colour = 'rgb(0, 200, 255)';
  const style = { textBoxVisibility: false, lineDash: '6,4', color: colour, colorLocked: colour, colorAutoGenerated: colour };
  csAnnotation.config.style.setAnnotationStyles(id, style as Parameters<typeof csAnnotation.config.style.setAnnotationStyles>[1]);
  csAnnotation.state.addAnnotation(annotation, frameOfReferenceUID);
  renderAll();
}

/**
 * Redraws a stored Length or Bidirectional (handle points LPS mm) in `frameOfReferenceUID`. No
 * view-plane normal is stored: Cornerstone shows it on the slice its points lie in.
 */
export function showLineAnnotation(id: string, toolName: 'Length' | 'Bidirectional', points: Vec3[], frameOfReferenceUID: string): void {
  if (csAnnotation.state.getAnnotation(id)) return;
  const annotation = newAnnotation(id, toolName, points, frameOfReferenceUID, { label: '' });
  csAnnotation.state.addAnnotation(annotation, frameOfReferenceUID);
  renderAll();
}

/** Removes an annotation by id if it exists (no event when it does not). */
export function removeAnnotation(id: string): void {
  if (csAnnotation.state.getAnnotation(id)) csAnnotation.state.removeAnnotation(id);
  renderAll();
}
