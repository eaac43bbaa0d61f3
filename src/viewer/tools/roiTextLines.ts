import { annotation as csAnnotation } from '@cornerstonejs/tools';
import { displayNumber } from '../../core/export/displayNumber';
import { ROI_ROLES, useRoiStore, type RoiRow } from '../../state/roiStore';
import { useViewportStore, type ViewportSlot } from '../../state/viewportStore';
import { mapSpec, type MapName } from '../mapCatalog';
import { bidirectionalOf, type AnnotationLike } from './annotationRoi';

/**
 * The text boxes Cornerstone draws beside annotations, filled with the app's own numbers so a
 * reader never sees two values for one ROI: Cornerstone's ROI statistics use its own voxel
 * inclusion and area formula (an ellipse read 149 mm² on screen against 166 mm² in the table),
 * ours the documented rule (voxel centre inside the contour, src/core/roi). An ROI's box shows
 * its name and role, mean ± SD of the map shown in that viewport and the area, from the ROI
 * store's row, printed exactly as the ROI table prints them. A Bidirectional's box shows A and B
 * as the ABC/2 panel does (mm, 1 decimal, from the handle points in LPS mm).
 */

/** A statistic in its map's display unit (FA 3 decimals; diffusivities 10⁻⁶ mm²/s, 0 decimals; signal): the ROI table's text too. */
export function displayStat(map: string, value: number): string {
  if (!Number.isFinite(value)) return '–';
  const spec = mapSpec(map as MapName);
  return (value * spec.scale).toFixed(spec.decimals);
}

/** An ROI area (mm²) as the ROI table and the text box print it: the export table's 1 decimal. */
export function displayArea(areaMm2: number): string {
  return `${displayNumber(areaMm2, 'mm^2')} mm²`;
}

/** What a viewport shows: the series and, for a map viewport, which map. */
export interface ShownContent {
  seriesUID: string | null;
  map: string | null;
}

/**
 * Text lines of an ROI row on a viewport showing `shown`: "name · role", then the shown map's
 * mean ± SD when that map of the ROI's own series is measured, then the area. A viewport of
 * another series (the other timepoint in the same frame) gets no mean: its pixels are not the ones
 * the row measured.
 */
export function roiTextLines(row: RoiRow, shown: ShownContent): string[] {
  const role = ROI_ROLES.find((r) => r.value === row.roi.role)?.label ?? row.roi.role;
  const lines = [`${row.roi.name} · ${role}`];
  const stats = shown.map !== null && shown.seriesUID === row.key.seriesInstanceUID ? row.stats.find((s) => s.map === shown.map) : undefined;
  if (stats) {
    const spec = mapSpec(stats.map as MapName);
    lines.push(`${spec.label} ${displayStat(stats.map, stats.mean)} ± ${displayStat(stats.map, stats.sd)}${spec.unit === '' ? '' : ` ${spec.unit}`}`);
  }
  const area = row.stats[0]?.areaMm2;
  if (area !== undefined && Number.isFinite(area)) lines.push(`Area ${displayArea(area)}`);
  return lines;
}

/** Viewport ids are `viewport-<slot>[-map|-volume]` (ViewportPane): the slot a viewport belongs to. */
function slotOf(viewportId: string): ViewportSlot | null {
  const m = /^viewport-(\d+)/.exec(viewportId);
  return m ? (useViewportStore.getState().slots[Number(m[1])] ?? null) : null;
}

/**
 * The viewport whose annotations Cornerstone is drawing right now. getTextLines receives only the
 * annotation data and a target id (for a fused map, the b0 base volume), so the tools' render is
 * wrapped (drawingViewport) to say which viewport, hence which map, the box is drawn on.
 */
let drawing: string | null = null;

/** Runs `draw` (one tool's synchronous annotation render on `viewportId`) with that viewport current. */
export function drawingViewport<T>(viewportId: string, draw: () => T): T {
  drawing = viewportId;
  try {
    return draw();
  } finally {
    drawing = null;
  }
}

/** The id of the viewport whose annotations are being drawn (inside drawingViewport), else null. */
export function currentDrawingViewport(): string | null {
  return drawing;
}

/** `getTextLines` of the ROI tools: the row of the annotation whose data this is (none while it is being drawn). */
export function roiAnnotationTextLines(data: unknown): string[] {
  const annotation = csAnnotation.state.getAllAnnotations().find((a) => a.data === data);
  const row = annotation ? useRoiStore.getState().rois.find((r) => r.roi.id === annotation.annotationUID) : undefined;
  if (!row) return [];
  const slot = drawing === null ? null : slotOf(drawing);
  return roiTextLines(row, { seriesUID: slot?.seriesUID ?? null, map: slot?.map?.map ?? null });
}

/** A length as the ABC/2 panel prints A, B and C. */
export function displayLength(mm: number): string {
  return `${mm.toFixed(1)} mm`;
}

/** `getTextLines` of the Bidirectional tool: its label (if any), A (long axis) and B (short axis). */
export function bidirectionalTextLines(data: AnnotationLike['data']): string[] {
  const bi = bidirectionalOf({ metadata: { toolName: 'Bidirectional' }, data });
  if (!bi) return [];
  return [...(data.label ? [data.label] : []), `A ${displayLength(bi.longMm)}`, `B ${displayLength(bi.shortMm)}`];
}
