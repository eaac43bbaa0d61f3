import { cache } from '@cornerstonejs/core';
import type { Orientation } from '../state/viewportStore';
import { ORIENTATION_AXIS, OrthoController, type OrthoContent } from './OrthoController';
import type { SeriesVolume } from './seriesVolumes';
import type { WindowPreset } from './windowPresets';

/**
 * A reformat of a series: one volume of it (the shown b-volume of a DWI, or a CT) in an
 * orthographic viewport, axial, coronal or sagittal whatever plane it was acquired in.
 */
export class SeriesVolumeController extends OrthoController {
  private shown: SeriesVolume | null = null;
  private orientation: Orientation | null = null;

  protected content(): OrthoContent | null {
    const s = this.shown;
    return s ? { windowVolumeId: s.volumeId, affine: s.affine, volume: s.volume, volumeCount: s.volumeCount, bValue: s.bValue } : null;
  }

  /**
   * Shows `volume` in `orientation`. Stepping to another volume of the same series keeps the
   * slice, zoom and window (signal drop-out stays comparable across directions, as in the stack).
   */
  async show(volume: SeriesVolume, orientation: Orientation): Promise<void> {
    if (this.shown?.volumeId === volume.volumeId && this.orientation === orientation) return;
    const previous = this.shown;
    const camera = previous ? this.viewport.getCamera() : null;
    const voi = previous ? this.viewport.getProperties(previous.volumeId)?.voiRange : undefined;
    const invert = previous ? Boolean(this.viewport.getProperties(previous.volumeId)?.invert) : false;
    const sameSeriesStep = previous !== null && this.orientation === orientation && previous.volumeCount === volume.volumeCount && previous.volumeId !== volume.volumeId;
    if (previous?.volumeId !== volume.volumeId) {
      await this.viewport.setVolumes([{ volumeId: volume.volumeId }], false);
      // Local volumes are complete on creation; their texture must still be flagged for upload (as for the maps).
      cache.getVolume(volume.volumeId)?.invalidate();
    }
    this.shown = volume;
    if (sameSeriesStep && camera) {
      this.viewport.setCamera(camera);
      this.viewport.setProperties({ ...(voi ? { voiRange: voi } : {}), invert }, volume.volumeId);
    } else {
      this.viewport.setOrientation(ORIENTATION_AXIS[orientation]);
      if (previous?.volumeId !== volume.volumeId) this.setWindow(volume.range);
    }
    this.orientation = orientation;
    this.viewport.render();
  }

  private setWindow([lower, upper]: [number, number]): void {
    if (this.shown) this.viewport.setProperties({ voiRange: { lower, upper } }, this.shown.volumeId);
  }

  applyPreset(preset: WindowPreset): void {
    if (!this.shown) return;
    this.setWindow(preset.ww === null || preset.wc === null ? this.shown.range : [preset.wc - preset.ww / 2, preset.wc + preset.ww / 2]);
    this.viewport.render();
  }

  reset(): void {
    if (!this.shown || !this.orientation) return;
    this.viewport.setOrientation(ORIENTATION_AXIS[this.orientation]);
    this.viewport.resetCamera();
    this.setWindow(this.shown.range);
    this.viewport.setProperties({ invert: false }, this.shown.volumeId);
    this.viewport.render();
  }
}
