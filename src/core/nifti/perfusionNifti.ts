import { mapSpec, PERFUSION_MAP_SPECS, type PerfusionMapName } from '../maps/mapCatalog';
import type { Mat4 } from '../math/types';
import { dtiNiftiImage } from './dtiNiftiImage';
import { writeNifti } from './writeNifti';

/** The perfusion maps the app writes as NIfTI, by catalogue label (CBF, CBV, MTT, Tmax, TTP, PS). */
export const PERFUSION_NIFTI_LABELS: readonly string[] = PERFUSION_MAP_SPECS.filter((m) => m.nifti !== null).map((m) => m.niftiLabel);

/**
 * The .nii.gz bytes of perfusion map `name` on the CTP grid (voxel → LPS mm `affine`, the CLI's
 * dcm2niix geometry), in the engine's units (ml/100 g/min, ml/100 g, s), datatype and header
 * label from the map catalogue.
 */
export function perfusionMapNifti(maps: { dims: [number, number, number]; affine: Mat4; scalars: Partial<Record<PerfusionMapName, Float32Array>> }, name: PerfusionMapName): Uint8Array {
  const spec = mapSpec(name);
  const data = maps.scalars[name];
  if (!data || !spec.nifti) throw new Error(`no ${spec.label} map to export`);
  return writeNifti(dtiNiftiImage({ dims: maps.dims, affine: maps.affine }, spec.nifti, data, spec.niftiLabel));
}
