import { Enums, utilities, type RenderingEngine, type Types } from '@cornerstonejs/core';
import { ToolGroupManager } from '@cornerstonejs/tools';
import type { Mat4, Vec3 } from '../core/math/types';
import type { Orientation, ViewportReadout } from '../state/viewportStore';
import { STACK_TOOL_GROUP_ID } from './initCornerstone';
import { orientationLabel } from './orientationLabel';
import type { SliceController, SlicePlane } from './SliceController';
import { cornerstoneGeometry } from './volumeGeometry';
import type { WindowPreset } from './windowPresets';

export const ORIENTATION_AXIS: Record<Orientation, Enums.OrientationAxis> = {
  axial: Enums.OrientationAxis.AXIAL,
  coronal: Enums.OrientationAxis.CORONAL,
  sagittal: Enums.OrientationAxis.SAGITTAL,
};

const neg = (v: Vec3): Vec3 => [-v[0], -v[1], -v[2]];
const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

/** The normal with its largest component positive, so "Loc" reads as S, P or L mm whichever way the camera looks. */
function canonicalNormal(n: Vec3): Vec3 {
  const big = [0, 1, 2].reduce((a, b) => (Math.abs(n[b]) > Math.abs(n[a]) ? b : a));
  return n[big] < 0 ? neg(n) : n;
}

/** What a subclass shows: the volume the window applies to, its voxel → LPS affine, and the volume-step readout. */
export interface OrthoContent {
  /** The volume whose window / invert the overlay reports and the keys change. */
  windowVolumeId: string;
  /** Voxel → LPS affine of that volume (slice spacing along the view normal). */
  affine: Mat4;
  volume: number;
  volumeCount: number;
  bValue: number | null;
}

/**
 * One orthographic Cornerstone volume viewport in the viewer's tool group, in axial, coronal or
 * sagittal: slice stepping, linked-scroll plane, crosshair canvas ↔ LPS, and the overlay readout.
 * Subclasses decide which volumes it shows (DTI maps, or a volume built from a series).
 */
export abstract class OrthoController implements SliceController {
  protected readonly viewport: Types.IVolumeViewport;
  private readonly onRendered = () => this.onReadout(this.readout());

  constructor(
    protected readonly engine: RenderingEngine,
    readonly viewportId: string,
    protected readonly element: HTMLDivElement,
    private readonly onReadout: (readout: ViewportReadout | null) => void,
  ) {
    engine.enableElement({
      viewportId,
      element,
      type: Enums.ViewportType.ORTHOGRAPHIC,
      defaultOptions: { background: [0, 0, 0], orientation: Enums.OrientationAxis.AXIAL },
    });
    this.viewport = engine.getViewport(viewportId) as Types.IVolumeViewport;
    ToolGroupManager.getToolGroup(STACK_TOOL_GROUP_ID)?.addViewport(viewportId, engine.id);
    element.addEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
  }

  /** The shown content, null before the first show. */
  protected abstract content(): OrthoContent | null;
  abstract applyPreset(preset: WindowPreset): void;
  abstract reset(): void;

  /**
   * Fits the volume to the pane's current size (after a layout change) and centres it in the view
   * plane without moving along the normal: `resetToCenter: false` keeps the focal point's depth,
   * so the slice stays; orientation and window are kept. No-op before content is shown.
   */
  fitToPane(): void {
    if (!this.content()) return;
    this.viewport.resetCamera({ resetPan: true, resetZoom: true, resetToCenter: false, resetOrientation: false, resetRotation: false });
    this.viewport.render();
  }

  toggleInvert(): void {
    const id = this.content()?.windowVolumeId;
    if (!id) return;
    this.viewport.setProperties({ invert: !this.viewport.getProperties(id)?.invert }, id);
    this.viewport.render();
  }

  /**
   * +1 when Cornerstone's slice steps (along the camera's view-plane normal) go the canonical way
   * (S, P or L: the way "Loc" grows), −1 when they go the other. Cornerstone's axial camera looks
   * with a −S normal, so without this a key stepped inferior on maps and superior on the images,
   * and "Im" counted from the top on maps and from the bottom on the images.
   */
  private stepSign(): number {
    const vpn = this.viewport.getCamera().viewPlaneNormal as Vec3 | undefined;
    return vpn && dot(vpn, canonicalNormal(vpn)) < 0 ? -1 : 1;
  }

  /** Moves `delta` slices towards increasing location (S, P, L), as the images' stack does. */
  scroll(delta: number): void {
    utilities.scroll(this.viewport as unknown as Types.IViewport, { delta: delta * this.stepSign(), volumeId: this.content()?.windowVolumeId });
  }

  slicePlane(): SlicePlane | null {
    const content = this.content();
    if (!content) return null;
    const camera = this.viewport.getCamera();
    if (!camera.focalPoint || !camera.viewPlaneNormal) return null;
    const geometry = cornerstoneGeometry(content.affine);
    const spacing = utilities.getSpacingInNormalDirection(
      { direction: geometry.direction as unknown as Types.Mat3, spacing: geometry.spacing },
      camera.viewPlaneNormal,
    );
    return { point: camera.focalPoint as Vec3, normal: canonicalNormal(camera.viewPlaneNormal as Vec3), spacing };
  }

  jumpTo(point: Vec3): void {
    const plane = this.slicePlane();
    if (!plane) return;
    const camera = this.viewport.getCamera();
    const delta = dot(point, plane.normal) - dot(plane.point, plane.normal);
    if (Math.abs(delta) < plane.spacing / 2) return;
    const shift = (p: Types.Point3): Types.Point3 => [p[0] + plane.normal[0] * delta, p[1] + plane.normal[1] * delta, p[2] + plane.normal[2] * delta];
    this.viewport.setCamera({ focalPoint: shift(camera.focalPoint!), position: shift(camera.position!) });
    this.viewport.render();
  }

  canvasToWorld(x: number, y: number): Vec3 | null {
    return this.content() ? (this.viewport.canvasToWorld([x, y]) as Vec3) : null;
  }

  /** Orthographic: a point off the slice lands where it projects onto it. */
  worldToCanvas(point: Vec3): [number, number] | null {
    return this.content() ? (this.viewport.worldToCanvas(point as Types.Point3) as [number, number]) : null;
  }

  protected readout(): ViewportReadout | null {
    const content = this.content();
    if (!content) return null;
    const camera = this.viewport.getCamera();
    const up = camera.viewUp as Vec3;
    const vpn = camera.viewPlaneNormal as Vec3;
    // vtk looks along −viewPlaneNormal, so screen right is viewUp × viewPlaneNormal.
    const right = cross(up, vpn);
    const down = neg(up);
    const slice = utilities.getImageSliceDataForVolumeViewport(this.viewport);
    const plane = this.slicePlane();
    const props = this.viewport.getProperties(content.windowVolumeId);
    const voi = props?.voiRange;
    const { parallelScale } = camera;
    const height = this.element.clientHeight;
    // Numbered from the canonical low end (I, A, R), as the images' stack numbers its slices.
    const count = slice?.numberOfSlices ?? 0;
    const index = slice?.imageIndex ?? 0;
    return {
      slice: this.stepSign() < 0 && count > 0 ? count - 1 - index : index,
      sliceCount: count,
      volume: content.volume,
      volumeCount: content.volumeCount,
      bValue: content.bValue,
      ww: voi ? voi.upper - voi.lower : 0,
      wc: voi ? (voi.upper + voi.lower) / 2 : 0,
      location: plane ? dot(plane.point, plane.normal) : null,
      mmPerPixel: parallelScale && height > 0 ? (2 * parallelScale) / height : null,
      edges: {
        left: orientationLabel(neg(right)),
        right: orientationLabel(right),
        top: orientationLabel(neg(down)),
        bottom: orientationLabel(down),
      },
      inverted: Boolean(props?.invert),
    };
  }

  destroy(): void {
    this.element.removeEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
    ToolGroupManager.getToolGroup(STACK_TOOL_GROUP_ID)?.removeViewports(this.engine.id, this.viewportId);
    this.engine.disableElement(this.viewportId);
  }
}
