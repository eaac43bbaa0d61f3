import { cache, type RenderingEngine } from '@cornerstonejs/core';
import type { Vec3 } from '../core/math/types';
import type { MapLayer, ViewportReadout } from '../state/viewportStore';
import { cornerstoneColormapName } from './colormaps';
import { mapVolume, type MapVolume } from './mapVolumes';
import type { MapSet } from './mapSet';
import { ORIENTATION_AXIS, OrthoController, type OrthoContent } from './OrthoController';
import { probeTextLines } from './tools/probeTextLines';
import type { WindowPreset } from './windowPresets';

/**
 * One orthographic Cornerstone volume viewport showing a map of a fit (DTI) or a perfusion
 * computation, alone or fused over its base image (mean b0, mean CT), in any of the three orientations; reports the overlay readout and the probe value.
 */
export class MapController extends OrthoController {
  private result: MapSet | null = null;
  private layer: MapLayer | null = null;
  private shown: { map: MapVolume; base: MapVolume | null } | null = null;
  private readonly onMove = (e: MouseEvent) => this.onProbe(this.probeAt(e.offsetX, e.offsetY));
  private readonly onLeave = () => this.onProbe(null);

  constructor(
    engine: RenderingEngine,
    viewportId: string,
    element: HTMLDivElement,
    onReadout: (readout: ViewportReadout | null) => void,
    private readonly onProbe: (probe: string | null) => void,
  ) {
    super(engine, viewportId, element, onReadout);
    element.addEventListener('mousemove', this.onMove);
    element.addEventListener('mouseleave', this.onLeave);
  }

  protected content(): OrthoContent | null {
    if (!this.shown || !this.result) return null;
    return { windowVolumeId: this.shown.map.volumeId, affine: this.result.maps.affine, volume: 0, volumeCount: 1, bValue: null };
  }

  /** Shows `layer` of a fit; volumes are re-set only when the map, the fit or the fusion changes. */
  async show(result: MapSet, layer: MapLayer): Promise<void> {
    const map = mapVolume(result, layer.map);
    const base = layer.fused && layer.map !== 'b0' ? mapVolume(result, 'b0') : null;
    const sameVolumes = this.shown?.map === map && this.shown.base === base;
    const orientationChanged = this.layer?.orientation !== layer.orientation;
    // Another map of the same fit in the same orientation (MD → FA): the reader stays on this slice.
    // A recomputation of the same series (perfusion with a moved AIF) keeps it there too.
    const keep = !sameVolumes && !orientationChanged && this.result?.seriesUID === result.seriesUID ? this.slicePlane()?.point : undefined;
    this.result = result;
    this.layer = layer;
    if (!sameVolumes) {
      const inputs = base ? [{ volumeId: base.volumeId }, { volumeId: map.volumeId }] : [{ volumeId: map.volumeId }];
      await this.viewport.setVolumes(inputs, false);
      // Local volumes are complete on creation; their textures must still be flagged for upload (measured need).
      for (const v of base ? [base, map] : [map]) cache.getVolume(v.volumeId)?.invalidate();
      this.shown = { map, base };
      this.linearOpacity(map.volumeId);
      this.viewport.setOrientation(ORIENTATION_AXIS[layer.orientation]);
      if (keep) this.jumpTo(keep);
    } else if (orientationChanged) {
      this.viewport.setOrientation(ORIENTATION_AXIS[layer.orientation]);
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
    } else if (layer.map === 'colfa' && !sameVolumes) {
      // Colour FA bytes are 255·FA·|e1|; Cornerstone's default window for this byte RGB volume is
      // 0–1024 (measured: the readout showed W 1024 L 512), which drew it at a quarter of its brightness.
      this.viewport.setProperties({ voiRange: { lower: 0, upper: 255 } }, map.volumeId);
    }
    this.viewport.render();
  }

  /**
   * Makes the fusion opacity the opacity on screen. vtk composites a slab thinner than one sample
   * step (our slices: the viewport's 0.05 mm slab) as 1 − (1 − α)^(slab / unit distance), with α
   * first corrected by sample distance / unit distance (1 mm, sample distance ~(Σ spacing)/6):
   * measured on the demo CTP, opacity 0.6 drew as 0.07 and only 1 showed the map. One sample step
   * and one unit distance of the slab's thickness give α itself (measured 0.2 → 0.23, 0.6 → 0.64).
   * The map's mapper is shared by every viewport showing that map; all of them are such slabs.
   */
  private linearOpacity(volumeId: string): void {
    const entry = this.viewport.getActors().find((a) => a.referencedId === volumeId);
    const actor = entry?.actor as unknown as { getProperty(): { setScalarOpacityUnitDistance(i: number, d: number): void }; getMapper(): { setSampleDistance(d: number): void } } | undefined;
    const slab = this.viewport.getSlabThickness();
    if (!actor || !(slab > 0)) return;
    actor.getMapper().setSampleDistance(slab);
    actor.getProperty().setScalarOpacityUnitDistance(0, slab);
  }

  /** The map value under canvas pixel (x, y) in display units, with its voxel index, or null off the volume. */
  probeAt(x: number, y: number): string | null {
    if (!this.result || !this.layer) return null;
    // The same text the Probe tool's box prints for this point (probeTextLines).
    return probeTextLines(this.result, this.layer.map, this.viewport.canvasToWorld([x, y]) as Vec3)?.join(' ') ?? null;
  }

  applyPreset(preset: WindowPreset): void {
    if (!this.shown?.map.range) return;
    const range = preset.ww === null || preset.wc === null ? this.shown.map.range : [preset.wc - preset.ww / 2, preset.wc + preset.ww / 2];
    this.viewport.setProperties({ voiRange: { lower: range[0], upper: range[1] } }, this.shown.map.volumeId);
    this.viewport.render();
  }

  reset(): void {
    this.viewport.resetCamera();
    if (this.result && this.layer) {
      this.shown = null;
      void this.show(this.result, this.layer);
    }
  }

  override destroy(): void {
    this.element.removeEventListener('mousemove', this.onMove);
    this.element.removeEventListener('mouseleave', this.onLeave);
    super.destroy();
  }
}
