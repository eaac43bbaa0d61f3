import { cache, Enums, utilities, type RenderingEngine, type Types } from '@cornerstonejs/core';
import { ToolGroupManager } from '@cornerstonejs/tools';
import type { Vec3 } from '../core/math/types';
import type { DtiResult } from '../state/dtiStore';
import type { MapLayer, ViewportReadout } from '../state/viewportStore';
import { cornerstoneColormapName } from './colormaps';
import { STACK_TOOL_GROUP_ID } from './initCornerstone';
import { formatProbe } from './mapCatalog';
import { mapVolume, type MapVolume } from './mapVolumes';
import { orientationLabel } from './orientationLabel';
import type { SliceController, SlicePlane } from './SliceController';
import { cornerstoneGeometry, worldToVoxel } from './volumeGeometry';
import type { WindowPreset } from './windowPresets';

const ORIENTATION: Record<MapLayer['orientation'], Enums.OrientationAxis> = {
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

/**
 * One orthographic Cornerstone volume viewport showing a DTI map of a fit, alone or fused over the
 * mean b0, in any of the three orientations; reports the overlay readout and the probe value.
 */
export class MapController implements SliceController {
  private readonly viewport: Types.IVolumeViewport;
  private result: DtiResult | null = null;
  private layer: MapLayer | null = null;
  private shown: { map: MapVolume; base: MapVolume | null } | null = null;
  private readonly onRendered = () => this.onReadout(this.readout());
  private readonly onMove = (e: MouseEvent) => this.onProbe(this.probeAt(e.offsetX, e.offsetY));
  private readonly onLeave = () => this.onProbe(null);

  constructor(
    private readonly engine: RenderingEngine,
    readonly viewportId: string,
    private readonly element: HTMLDivElement,
    private readonly onReadout: (readout: ViewportReadout | null) => void,
    private readonly onProbe: (probe: string | null) => void,
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
    element.addEventListener('mousemove', this.onMove);
    element.addEventListener('mouseleave', this.onLeave);
  }

  /** Shows `layer` of a fit; volumes are re-set only when the map, the fit or the fusion changes. */
  async show(result: DtiResult, layer: MapLayer): Promise<void> {
    const map = mapVolume(result, layer.map);
    const base = layer.fused && layer.map !== 'b0' ? mapVolume(result, 'b0') : null;
    const sameVolumes = this.shown?.map === map && this.shown.base === base;
    const orientationChanged = this.layer?.orientation !== layer.orientation;
    this.result = result;
    this.layer = layer;
    if (!sameVolumes) {
      const inputs = base ? [{ volumeId: base.volumeId }, { volumeId: map.volumeId }] : [{ volumeId: map.volumeId }];
      await this.viewport.setVolumes(inputs, false);
      // Local volumes are complete on creation; their textures must still be flagged for upload (measured need).
      for (const v of base ? [base, map] : [map]) cache.getVolume(v.volumeId)?.invalidate();
      this.shown = { map, base };
      this.viewport.setOrientation(ORIENTATION[layer.orientation]);
    } else if (orientationChanged) {
      this.viewport.setOrientation(ORIENTATION[layer.orientation]);
    }
    if (base?.range) this.viewport.setProperties({ voiRange: { lower: base.range[0], upper: base.range[1] } }, base.volumeId);
    if (map.range) {
      this.viewport.setProperties(
        {
          colormap: {
            name: cornerstoneColormapName(layer.colormap),
            opacity: base ? layer.opacity : 1,
            threshold: base ? layer.threshold : null,
          },
        },
        map.volumeId,
      );
      if (!sameVolumes) this.viewport.setProperties({ voiRange: { lower: map.range[0], upper: map.range[1] } }, map.volumeId);
    }
    this.viewport.render();
  }

  /** The map value under canvas pixel (x, y) in display units, with its voxel index, or null off the volume. */
  probeAt(x: number, y: number): string | null {
    if (!this.result || !this.layer) return null;
    const world = this.viewport.canvasToWorld([x, y]) as Vec3;
    const { maps } = this.result;
    const ijk = worldToVoxel(maps.affine, maps.dims, world);
    if (!ijk) return null;
    const [nx, ny] = maps.dims;
    const v = ijk[0] + nx * (ijk[1] + ny * ijk[2]);
    const name = this.layer.map;
    let text: string;
    if (name === 'colfa') text = `${formatProbe('fa', maps.scalars.fa[v])} RGB ${Array.from(maps.colorFa.subarray(3 * v, 3 * v + 3)).join(',')}`;
    else if (name === 'b0') text = formatProbe('b0', this.result.b0[v]);
    else if (name === 'mask') text = formatProbe('mask', maps.mask[v]);
    else text = formatProbe(name, maps.scalars[name][v]);
    return `${text} @ ${ijk.join(',')}`;
  }

  applyPreset(preset: WindowPreset): void {
    if (!this.shown?.map.range) return;
    const range = preset.ww === null || preset.wc === null ? this.shown.map.range : [preset.wc - preset.ww / 2, preset.wc + preset.ww / 2];
    this.viewport.setProperties({ voiRange: { lower: range[0], upper: range[1] } }, this.shown.map.volumeId);
    this.viewport.render();
  }

  toggleInvert(): void {
    const id = this.shown?.map.volumeId;
    if (!id) return;
    this.viewport.setProperties({ invert: !this.viewport.getProperties(id)?.invert }, id);
    this.viewport.render();
  }

  reset(): void {
    this.viewport.resetCamera();
    if (this.result && this.layer) {
      this.shown = null;
      void this.show(this.result, this.layer);
    }
  }

  scroll(delta: number): void {
    utilities.scroll(this.viewport as unknown as Types.IViewport, { delta, volumeId: this.shown?.map.volumeId });
  }

  slicePlane(): SlicePlane | null {
    if (!this.shown) return null;
    const camera = this.viewport.getCamera();
    if (!camera.focalPoint || !camera.viewPlaneNormal) return null;
    const normal = canonicalNormal(camera.viewPlaneNormal as Vec3);
    if (!this.result) return null;
    const geometry = cornerstoneGeometry(this.result.maps.affine);
    const spacing = utilities.getSpacingInNormalDirection(
      { direction: geometry.direction as unknown as Types.Mat3, spacing: geometry.spacing },
      camera.viewPlaneNormal,
    );
    return { point: camera.focalPoint as Vec3, normal, spacing };
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

  private readout(): ViewportReadout | null {
    if (!this.shown || !this.layer) return null;
    const camera = this.viewport.getCamera();
    const up = camera.viewUp as Vec3;
    const vpn = camera.viewPlaneNormal as Vec3;
    // vtk looks along −viewPlaneNormal, so screen right is viewUp × viewPlaneNormal.
    const right = cross(up, vpn);
    const down = neg(up);
    const slice = utilities.getImageSliceDataForVolumeViewport(this.viewport);
    const plane = this.slicePlane();
    const voi = this.viewport.getProperties(this.shown.map.volumeId)?.voiRange;
    const { parallelScale } = camera;
    const height = this.element.clientHeight;
    return {
      slice: slice?.imageIndex ?? 0,
      sliceCount: slice?.numberOfSlices ?? 0,
      volume: 0,
      volumeCount: 1,
      bValue: null,
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
      inverted: Boolean(this.viewport.getProperties(this.shown.map.volumeId)?.invert),
    };
  }

  destroy(): void {
    this.element.removeEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
    this.element.removeEventListener('mousemove', this.onMove);
    this.element.removeEventListener('mouseleave', this.onLeave);
    ToolGroupManager.getToolGroup(STACK_TOOL_GROUP_ID)?.removeViewports(this.engine.id, this.viewportId);
    this.engine.disableElement(this.viewportId);
  }
}
