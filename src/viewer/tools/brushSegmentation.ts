import { cache, getEnabledElementByViewportId, VolumeViewport, volumeLoader } from '@cornerstonejs/core';
import { Enums as ToolEnums, segmentation } from '@cornerstonejs/tools';
import type { DtiResult } from '../../state/dtiStore';
import { mapVolume } from '../mapVolumes';

/**
 * A lesion labelmap painted with Cornerstone's BrushTool on a fit's map volumes. The labelmap is
 * derived from the fit's MD volume, so it shares the maps' voxel grid and index order
 * ((k * ny + j) * nx + i) and is read back voxel for voxel against the engine's maps.
 */

/** Label value of the lesion in the labelmap (segment index 1). */
export const LESION_SEGMENT = 1;

/** The segmentation id of a fit's lesion labelmap (one per fit; an older fit's is never shown again). */
export function lesionSegmentationId(result: DtiResult): string {
  return `lesion-${result.generation}`;
}

/** Creates the fit's (empty) lesion labelmap once, on the grid of its MD volume; returns its segmentation id. */
export function ensureLesionLabelmap(result: DtiResult): string {
  const segmentationId = lesionSegmentationId(result);
  if (!segmentation.state.getSegmentation(segmentationId)) {
    const reference = mapVolume(result, 'md');
    const volumeId = `${segmentationId}-labelmap`;
    volumeLoader.createAndCacheDerivedLabelmapVolume(reference.volumeId, { volumeId });
    segmentation.addSegmentations([
      {
        segmentationId,
        representation: { type: ToolEnums.SegmentationRepresentations.Labelmap, data: { volumeId } },
        config: { label: 'Lesion', segments: { [LESION_SEGMENT]: { label: 'Lesion', segmentIndex: LESION_SEGMENT } } },
      },
    ]);
  }
  return segmentationId;
}

/**
 * Creates the fit's lesion labelmap once and shows it on `viewportId` (a map viewport of that
 * fit), with segment 1 active for the brush. Safe to call again for another viewport.
 */
export function showLesionLabelmap(result: DtiResult, viewportId: string): string {
  const segmentationId = ensureLesionLabelmap(result);
  showLesionOverlay(result, viewportId);
  segmentation.activeSegmentation.setActiveSegmentation(viewportId, segmentationId);
  segmentation.segmentIndex.setActiveSegmentIndex(segmentationId, LESION_SEGMENT);
  return segmentationId;
}

/**
 * Draws the fit's lesion labelmap over `viewportId` (a map viewport showing that fit) when the
 * labelmap exists (painted, or put back from the store); true when it is shown there.
 */
export function showLesionOverlay(result: DtiResult, viewportId: string): boolean {
  const segmentationId = lesionSegmentationId(result);
  if (!segmentation.state.getSegmentation(segmentationId)) return false;
  // A labelmap goes on a volume viewport that already shows its volumes (the map's grid).
  const viewport = getEnabledElementByViewportId(viewportId)?.viewport;
  if (!(viewport instanceof VolumeViewport) || viewport.getActors().length === 0) return false;
  if (!isLesionOverlayShown(result, viewportId)) segmentation.addLabelmapRepresentationToViewport(viewportId, [{ segmentationId }]);
  return true;
}

/** Whether the fit's lesion labelmap is drawn on `viewportId`. */
export function isLesionOverlayShown(result: DtiResult, viewportId: string): boolean {
  const shown = segmentation.state.getSegmentationRepresentations(viewportId, { segmentationId: lesionSegmentationId(result) });
  return !!shown && shown.length > 0;
}

/** The painted labels of a fit's lesion labelmap (1 = lesion), or null when none was created. */
export function lesionLabels(result: DtiResult): Uint8Array | null {
  const data = cache.getVolume(`${lesionSegmentationId(result)}-labelmap`)?.voxelManager?.getCompleteScalarDataArray?.();
  return data ? Uint8Array.from(data as ArrayLike<number>) : null;
}

/**
 * Puts stored labels (the maps' voxel order, one byte per voxel) into the fit's lesion labelmap,
 * creating it if needed, and redraws the viewports showing it.
 */
export function writeLesionLabels(result: DtiResult, labels: Uint8Array): void {
  const segmentationId = ensureLesionLabelmap(result);
  const voxelManager = cache.getVolume(`${segmentationId}-labelmap`)?.voxelManager;
  if (!voxelManager?.setCompleteScalarDataArray) throw new Error('the lesion labelmap cannot be written');
  voxelManager.setCompleteScalarDataArray(labels);
  segmentation.triggerSegmentationEvents.triggerSegmentationDataModified(segmentationId);
}
