import type { DtiMaps, ScalarMapName } from '../dti/types';
import { mapSpec, type MapName } from '../maps/mapCatalog';
import type { PlanarRoi } from '../measure/types';
import { dtiNiftiImage } from './dtiNiftiImage';
import { roiMask } from './roiMask';
import { writeNifti } from './writeNifti';

/**
 * The NIfTI files the app offers for one fit: each computed map (FA unitless; MD, AD, RD, λ1-3
 * mm²/s; S0 and mean b0 in signal units; colour FA RGB24; brain mask 0/1) and the mask of each
 * ROI measured on it, all on the DWI's grid with the CLI fit's geometry, gzipped (.nii.gz).
 * File names are given by core/export/exportFileNames.ts (subject pseudonym, timepoint, map or
 * ROI role), never an ROI's free-text name.
 */

export interface MapExport {
  /** Label of the button, of the header descrip and of the file name (exportFileNames.ts), e.g. 'FA'. */
  label: string;
}

/** The order the dialog lists them: the trial's four first, then the eigenvalues, signal maps, colour FA and the mask. */
const ORDER: readonly MapName[] = ['fa', 'md', 'ad', 'rd', 'l1', 'l2', 'l3', 's0', 'b0', 'colfa', 'mask'];

/** Every catalogue map with a NIfTI datatype, labelled and typed by the map catalogue. */
const MAPS = ORDER.map(mapSpec)
  .filter((m) => m.nifti !== null)
  .map((m) => ({ label: m.niftiLabel, key: m.name, datatype: m.nifti! }));

export const MAP_EXPORTS: readonly MapExport[] = MAPS.map((m) => ({ label: m.label }));

/** A fit as the app holds it: the maps and the mean b0 (signal units, the maps' voxel order). */
export interface FitForExport {
  maps: DtiMaps;
  b0: Float32Array;
}

/** The .nii.gz bytes of map `label` (one of MAP_EXPORTS) of a fit. */
export function mapNifti(fit: FitForExport, label: string): Uint8Array {
  const spec = MAPS.find((m) => m.label === label);
  if (!spec) throw new Error(`no map ${label} to export`);
  const { maps } = fit;
  const grid = { dims: maps.dims, affine: maps.affine };
  if (spec.key === 'colfa') return writeNifti(dtiNiftiImage(grid, spec.datatype, maps.colorFa, spec.label));
  if (spec.key === 'mask') return writeNifti(dtiNiftiImage(grid, spec.datatype, maps.mask, spec.label));
  const data = spec.key === 'b0' ? fit.b0 : maps.scalars[spec.key as ScalarMapName];
  return writeNifti(dtiNiftiImage(grid, spec.datatype, data, spec.label));
}

/** The .nii.gz bytes of an ROI's mask on the fit's grid (uint8 0/1). */
export function roiMaskNifti(fit: FitForExport, roi: PlanarRoi): Uint8Array {
  const grid = { dims: fit.maps.dims, affine: fit.maps.affine };
  return writeNifti(dtiNiftiImage(grid, 'uint8', roiMask(roi, grid), `ROI mask ${roi.role}`));
}
