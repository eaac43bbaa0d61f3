import { Enums, metaData, type RenderingEngine, type Types } from '@cornerstonejs/core';
import { ToolGroupManager } from '@cornerstonejs/tools';
import type { Vec3 } from '../core/math/types';
import type { ViewportReadout } from '../state/viewportStore';
import { STACK_TOOL_GROUP_ID } from './initCornerstone';
import { orientationLabel } from './orientationLabel';
import type { DisplaySeries } from './seriesImageIds';
import type { SliceController, SlicePlane } from './SliceController';
import { CTP_WINDOW_PRESETS, type WindowPreset } from './windowPresets';

export { WINDOW_PRESETS, type WindowPreset } from './windowPresets';
export { controllers } from './SliceController';

/** Whether an image's file states a window (Window Center), as Cornerstone's metadata gives it. */
const storedWindow = (imageId: string): boolean =>
  (metaData.get('voiLutModule', imageId) as { windowCenter?: number | number[] } | undefined)?.windowCenter != null;

const neg = (v: Vec3): Vec3 => [-v[0], -v[1], -v[2]];
const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];

/**
 * One Cornerstone StackViewport bound to a DOM element: pages through the volumes of a series,
 * applies window presets, and reports what the overlay prints after every render.
 */
export class StackController implements SliceController {
  private readonly viewport: Types.IStackViewport;
  private series: DisplaySeries | null = null;
  private volume = 0;
  private readonly onRendered = () => this.onReadout(this.readout());

  constructor(
    private readonly engine: RenderingEngine,
    readonly viewportId: string,
    private readonly element: HTMLDivElement,
    private readonly onReadout: (readout: ViewportReadout | null) => void,
  ) {
    engine.enableElement({ viewportId, element, type: Enums.ViewportType.STACK, defaultOptions: { background: [0, 0, 0] } });
    this.viewport = engine.getViewport(viewportId) as Types.IStackViewport;
    ToolGroupManager.getToolGroup(STACK_TOOL_GROUP_ID)?.addViewport(viewportId, engine.id);
    element.addEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
  }

  /** Shows volume `volume` of a series, keeping the slice index when stepping within one series. */
  async show(series: DisplaySeries, volume: number): Promise<void> {
    const sameSeries = this.series === series;
    const slice = sameSeries ? this.viewport.getCurrentImageIdIndex() : Math.floor((series.volumes[volume]?.length ?? 1) / 2);
    const ids = series.volumes[volume];
    if (!ids || ids.length === 0) throw new Error('This volume has no images');
    const voi = sameSeries ? this.viewport.getProperties().voiRange : undefined;
    const invert = sameSeries ? this.viewport.getProperties().invert : false;
    this.series = series;
    this.volume = volume;
    await this.viewport.setStack(ids, Math.min(slice, ids.length - 1));
    // Stepping b-volumes keeps the reader's window so signal drop-out is comparable across directions.
    if (voi) this.viewport.setProperties({ voiRange: voi, invert });
    // A CT perfusion whose files state no window opens in the brain window: its full range is mostly air and bone.
    else if (series.frameTimes && !storedWindow(ids[Math.min(slice, ids.length - 1)])) this.applyPreset(CTP_WINDOW_PRESETS[0]);
    this.viewport.render();
  }

  applyPreset(preset: WindowPreset): void {
    if (preset.ww === null || preset.wc === null) {
      const invert = this.viewport.getProperties().invert;
      this.viewport.resetProperties();
      this.viewport.setProperties({ invert });
    } else {
      this.viewport.setProperties({ voiRange: { lower: preset.wc - preset.ww / 2, upper: preset.wc + preset.ww / 2 } });
    }
    this.viewport.render();
  }

  toggleInvert(): void {
    this.viewport.setProperties({ invert: !this.viewport.getProperties().invert });
    this.viewport.render();
  }

  reset(): void {
    this.viewport.resetProperties();
    this.viewport.resetCamera();
    this.viewport.render();
  }

  /**
   * Fits the shown image to the pane's current size (after a layout change), centred; the slice
   * (image index) and window are not camera state, so they stay. No-op before an image is shown.
   */
  fitToPane(): void {
    if (!this.viewport.getCurrentImageId()) return;
    this.viewport.resetCamera({ resetPan: true, resetZoom: true });
    this.viewport.render();
  }

  /** Moves `delta` slices, clamped to the stack. */
  scroll(delta: number): void {
    const n = this.viewport.getImageIds().length;
    if (n === 0) return;
    const next = Math.max(0, Math.min(n - 1, this.viewport.getCurrentImageIdIndex() + delta));
    void this.viewport.setImageIdIndex(next);
  }

  /** The plane of the shown image from the planned frame positions (known before the file is loaded). */
  slicePlane(): SlicePlane | null {
    const positions = this.series?.positions[this.volume];
    const normal = this.series?.normal;
    const index = this.viewport.getCurrentImageIdIndex();
    const point = positions?.[index];
    if (!positions || !normal || !point) return null;
    const next = positions[index + 1] ?? positions[index - 1];
    const spacing = next ? Math.abs(dot(sub(next, point), normal)) : 1;
    return { point, normal, spacing };
  }

  jumpTo(point: Vec3): void {
    const positions = this.series?.positions[this.volume];
    const normal = this.series?.normal;
    if (!positions || !normal) return;
    const target = dot(point, normal);
    let best = -1;
    let bestDistance = Infinity;
    positions.forEach((p, k) => {
      const d = p ? Math.abs(dot(p, normal) - target) : Infinity;
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    });
    if (best >= 0 && best !== this.viewport.getCurrentImageIdIndex()) void this.viewport.setImageIdIndex(best);
  }

  canvasToWorld(x: number, y: number): Vec3 | null {
    return this.viewport.getCurrentImageId() ? (this.viewport.canvasToWorld([x, y]) as Vec3) : null;
  }

  worldToCanvas(point: Vec3): [number, number] | null {
    return this.viewport.getCurrentImageId() ? (this.viewport.worldToCanvas(point as Types.Point3) as [number, number]) : null;
  }

  private readout(): ViewportReadout | null {
    if (!this.series) return null;
    const props = this.viewport.getProperties();
    const voi = props.voiRange;
    const imageId = this.viewport.getCurrentImageId();
    const plane = imageId ? (metaData.get('imagePlaneModule', imageId) as
      | { rowCosines?: number[]; columnCosines?: number[]; imagePositionPatient?: number[] }
      | undefined) : undefined;
    let location: number | null = null;
    let edges: ViewportReadout['edges'] = null;
    if (plane?.rowCosines && plane.columnCosines) {
      const camera = this.viewport.getCamera();
      let right = plane.rowCosines.slice(0, 3) as Vec3;
      let down = plane.columnCosines.slice(0, 3) as Vec3;
      if (camera.flipHorizontal) right = neg(right);
      if (camera.flipVertical) down = neg(down);
      edges = {
        left: orientationLabel(neg(right)),
        right: orientationLabel(right),
        top: orientationLabel(neg(down)),
        bottom: orientationLabel(down),
      };
      const r = right;
      const d = down;
      const normal: Vec3 = [r[1] * d[2] - r[2] * d[1], r[2] * d[0] - r[0] * d[2], r[0] * d[1] - r[1] * d[0]];
      const ipp = plane.imagePositionPatient;
      if (ipp) location = ipp[0] * normal[0] + ipp[1] * normal[1] + ipp[2] * normal[2];
    }
    const { parallelScale } = this.viewport.getCamera();
    const height = this.element.clientHeight;
    const bValue = this.series.bValues[this.volume];
    return {
      slice: this.viewport.getCurrentImageIdIndex(),
      sliceCount: this.viewport.getImageIds().length,
      volume: this.volume,
      volumeCount: this.series.volumes.length,
      bValue: this.series.volumes.length > 1 || bValue > 0 ? bValue : null,
      ww: voi ? voi.upper - voi.lower : 0,
      wc: voi ? (voi.upper + voi.lower) / 2 : 0,
      location,
      mmPerPixel: parallelScale && height > 0 ? (2 * parallelScale) / height : null,
      edges,
      inverted: Boolean(props.invert),
      frameTimesS: this.series.frameTimes?.[this.viewport.getCurrentImageIdIndex()] ?? null,
      timeProblem: this.series.timeProblem,
    };
  }

  destroy(): void {
    this.element.removeEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
    ToolGroupManager.getToolGroup(STACK_TOOL_GROUP_ID)?.removeViewports(this.engine.id, this.viewportId);
    this.engine.disableElement(this.viewportId);
  }
}
