import { niftiAffineFromLps } from '../dicom/niftiAffine';
import type { Mat4 } from '../math/types';
import { flipRows } from '../volume/flipRows';
import { flipRowsInPlace } from '../volume/flipRowsInPlace';
import type { NiftiDatatype, NiftiImage } from './writeNifti';

/** A voxel grid as the maps carry it: [nx, ny, nz] and voxel (i, j, k) → LPS mm centre (row-major 4×4). */
export interface VoxelGrid {
  dims: [number, number, number];
  affine: Mat4;
}

/**
 * A map or mask on the DWI's grid as a NIfTI image with the geometry the CLI `fit` and dcm2niix
 * write: rows flipped (NIfTI j runs up the image) and the sform/qform from the LPS affine
 * (niftiAffineFromLps), values as given (FA unitless, diffusivities mm²/s, masks 0/1).
 * De-identified by construction: `descrip` is only the map label and the app's name, and
 * aux_file / intent_name stay empty, so no DICOM attribute can reach the header.
 * `inPlace`: the rows of `data` itself are flipped (a caller done with the values saves a copy).
 */
export function dtiNiftiImage(grid: VoxelGrid, datatype: NiftiDatatype, data: Float32Array | Uint8Array, label: string, inPlace = false): NiftiImage {
  const components = datatype === 'rgb24' ? 3 : 1;
  return {
    dims: [...grid.dims],
    affineRas: niftiAffineFromLps(grid.affine, grid.dims),
    datatype,
    data: inPlace ? flipRowsInPlace(data, grid.dims, components) : flipRows(data, grid.dims, components),
    descrip: `${label.replace(/[^A-Za-z0-9 ._/-]/g, '')} DTI Trial Viewer`,
  };
}
