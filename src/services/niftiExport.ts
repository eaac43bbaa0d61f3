import { mapFileName, roiMaskFileNames, type FitNaming } from '../core/export/exportFileNames';
import { MAP_EXPORTS, mapNifti, roiMaskNifti, type FitForExport } from '../core/nifti/mapExports';
import type { ExportedFile } from '../platform/Platform';
import type { RoiRow } from '../state/roiStore';

/**
 * The NIfTI part of "Export all": which maps and ROI masks of the current fit are written, and
 * their files (bytes from core/nifti, names from core/export/exportFileNames). Kept out of the
 * Export dialog's components, which only render the choice.
 */

/** Which NIfTI files "Export all" writes: the ticked maps, and every ROI mask not unticked. */
export interface NiftiSelection {
  maps: string[];
  skippedRois: string[];
}

/** The trial's four maps; the other maps are one tick away. */
export const DEFAULT_NIFTI_SELECTION: NiftiSelection = { maps: ['FA', 'MD', 'AD', 'RD'], skippedRois: [] };

/** The ROI rows measured on the fit of series `seriesUID`. */
export function roisOnFit(rois: readonly RoiRow[], seriesUID: string): RoiRow[] {
  return rois.filter((r) => r.key.seriesInstanceUID === seriesUID);
}

/** The selected NIfTI files of a fit, named by subject pseudonym and timepoint (core/export/exportFileNames). */
export function selectedNiftiFiles(fit: FitForExport, rois: readonly RoiRow[], naming: FitNaming, selection: NiftiSelection): ExportedFile[] {
  const maskNames = roiMaskFileNames(naming, rois.map((r) => r.roi));
  return [
    ...MAP_EXPORTS.filter((m) => selection.maps.includes(m.label)).map((m) => ({ name: mapFileName(naming, m.label), data: mapNifti(fit, m.label) })),
    ...rois.flatMap((r, i) => (selection.skippedRois.includes(r.roi.id) ? [] : [{ name: maskNames[i], data: roiMaskNifti(fit, r.roi) }])),
  ];
}
