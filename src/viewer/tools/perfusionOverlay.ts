import { cache, getEnabledElementByViewportId, VolumeViewport, volumeLoader, type Types } from '@cornerstonejs/core';
import { Enums as ToolEnums, segmentation } from '@cornerstonejs/tools';
import { CORE_LABEL, HYPOPERFUSED_LABEL, MISMATCH_LABEL } from '../../core/perfusionReview/overlayLabels';
import type { PerfusionComputation } from '../../state/perfusionStore';
import { mapVolume } from '../mapVolumes';

/**
 * The thresholded perfusion classes (core, mismatch, hypoperfused: overlayLabels.ts) as a
 * Cornerstone labelmap on the computation's map grid (derived from its CBF volume, as the brush
 * lesion derives from MD), drawn semi-transparent over every viewport showing one of its maps
 * (the unenhanced baseline CT included). One labelmap per computation; its labels are rewritten
 * when the thresholds or the classes shown change.
 */

/**
 * Overlay colours (RGBA), as the legend shows them, after the RAPID convention: core magenta,
 * hypoperfused (Tmax) green, mismatch yellow; none of them the blue a low CBF has in the rainbow map.
 */
export const OVERLAY_COLOURS: Record<'core' | 'mismatch' | 'hypoperfused', Types.Color> = {
  core: [255, 50, 210, 255],
  mismatch: [255, 225, 40, 255],
  hypoperfused: [40, 220, 90, 255],
};

const COLOUR_LUT: Types.ColorLUT = [];
COLOUR_LUT[0] = [0, 0, 0, 0];
COLOUR_LUT[CORE_LABEL] = OVERLAY_COLOURS.core;
COLOUR_LUT[MISMATCH_LABEL] = OVERLAY_COLOURS.mismatch;
COLOUR_LUT[HYPOPERFUSED_LABEL] = OVERLAY_COLOURS.hypoperfused;

export function perfusionOverlayId(result: PerfusionComputation): string {
  return `perfusion-classes-${result.generation}`;
}

function ensureLabelmap(result: PerfusionComputation): string {
  const segmentationId = perfusionOverlayId(result);
  if (!segmentation.state.getSegmentation(segmentationId)) {
    const volumeId = `${segmentationId}-labelmap`;
    volumeLoader.createAndCacheDerivedLabelmapVolume(mapVolume(result, 'cbf').volumeId, { volumeId });
    segmentation.addSegmentations([
      {
        segmentationId,
        representation: { type: ToolEnums.SegmentationRepresentations.Labelmap, data: { volumeId } },
        config: {
          label: 'Perfusion volumes',
          segments: {
            [CORE_LABEL]: { label: 'Core', segmentIndex: CORE_LABEL },
            [MISMATCH_LABEL]: { label: 'Mismatch', segmentIndex: MISMATCH_LABEL },
            [HYPOPERFUSED_LABEL]: { label: 'Hypoperfused', segmentIndex: HYPOPERFUSED_LABEL },
          },
        },
      },
    ]);
    // Outlined and see-through, active or not: the map under the overlay stays readable.
    const seeThrough = { fillAlpha: 0.35, fillAlphaInactive: 0.35, renderOutline: true, renderOutlineInactive: true, outlineOpacity: 0.9, outlineOpacityInactive: 0.9 };
    segmentation.segmentationStyle.setStyle({ type: ToolEnums.SegmentationRepresentations.Labelmap, segmentationId }, seeThrough);
  }
  return segmentationId;
}

/** Writes the overlay labels (the maps' voxel order) into the computation's labelmap and redraws it. */
export function writeOverlayLabels(result: PerfusionComputation, labels: Uint8Array): void {
  const segmentationId = ensureLabelmap(result);
  const voxelManager = cache.getVolume(`${segmentationId}-labelmap`)?.voxelManager;
  if (!voxelManager?.setCompleteScalarDataArray) throw new Error('the perfusion overlay labelmap cannot be written');
  voxelManager.setCompleteScalarDataArray(labels);
  segmentation.triggerSegmentationEvents.triggerSegmentationDataModified(segmentationId);
}

/** The overlay's labels as Cornerstone holds them (the e2e test reads what is drawn), or null before any. */
export function overlayLabelsShown(result: PerfusionComputation): Uint8Array | null {
  const data = cache.getVolume(`${perfusionOverlayId(result)}-labelmap`)?.voxelManager?.getCompleteScalarDataArray?.();
  return data ? Uint8Array.from(data as ArrayLike<number>) : null;
}

/** Draws the overlay over `viewportId` (a volume viewport showing a map of `result`); true when shown there. */
export function showPerfusionOverlay(result: PerfusionComputation, viewportId: string): boolean {
  const segmentationId = perfusionOverlayId(result);
  if (!segmentation.state.getSegmentation(segmentationId)) return false;
  const viewport = getEnabledElementByViewportId(viewportId)?.viewport;
  if (!(viewport instanceof VolumeViewport) || viewport.getActors().length === 0) return false;
  const shown = segmentation.state.getSegmentationRepresentations(viewportId, { segmentationId });
  if (!shown || shown.length === 0) segmentation.addLabelmapRepresentationToViewport(viewportId, [{ segmentationId, config: { colorLUTOrIndex: COLOUR_LUT } }]);
  return true;
}

/** Removes from `viewportId` every perfusion overlay but `keep`'s (an earlier computation's, or all when `keep` is null). */
export function hideOtherPerfusionOverlays(viewportId: string, keep: string | null): void {
  for (const r of segmentation.state.getSegmentationRepresentations(viewportId) ?? []) {
    if (r.segmentationId.startsWith('perfusion-classes-') && r.segmentationId !== keep) segmentation.removeLabelmapRepresentation(viewportId, r.segmentationId);
  }
}
