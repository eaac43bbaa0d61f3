import { chooseInputVoxels } from './findInputVoxels';
import type { InputCandidate } from './inputCandidates';
import { inputCurve, maskVoxels, type InputCurve } from './inputCurve';
import type { PerfusionOptions } from './perfusionOptions';

/**
 * The AIF and VOF curves of a perfusion computation from its options: a mask's mean curve, a
 * voxel's curve, or the voxel chosen automatically among `candidates` (the merged vessel
 * candidates of the volume; needed only when one of the two is automatic). Throws an Error saying
 * why when there is no arterial input, or a mask does not fit the volume.
 */
export function resolveInputs(
  data: ArrayLike<number>,
  dims: readonly [number, number, number, number],
  options: PerfusionOptions,
  candidates: readonly InputCandidate[] | null,
): { aif: InputCurve; vof: InputCurve | null } {
  const { slabs } = options;
  const voxels = dims[0] * dims[1] * dims[2];
  const checkMask = (mask: Uint8Array, what: string): number[] => {
    if (mask.length !== voxels) throw new Error(`${what} has ${mask.length} voxels, the series ${dims[0]}×${dims[1]}×${dims[2]} = ${voxels}`);
    return maskVoxels(mask);
  };
  const found = candidates ? chooseInputVoxels(candidates) : { aif: -1, vof: -1 };
  let aif: InputCurve;
  if (options.aifMask) aif = inputCurve(data, dims, slabs, checkMask(options.aifMask, 'AIF mask'), 'mask', 'AIF mask');
  else {
    const voxel = options.aifVoxel ?? found.aif;
    if (voxel < 0) throw new Error('no arterial input found: no voxel enhances by 100 HU or more; give the AIF as a point');
    aif = inputCurve(data, dims, slabs, [voxel], options.aifVoxel === undefined ? 'automatic' : 'point', 'AIF');
  }
  let vof: InputCurve | null = null;
  if (options.vofMask) vof = inputCurve(data, dims, slabs, checkMask(options.vofMask, 'VOF mask'), 'mask', 'VOF mask');
  else {
    const voxel = options.vofVoxel ?? found.vof;
    if (voxel >= 0) vof = inputCurve(data, dims, slabs, [voxel], options.vofVoxel === undefined ? 'automatic' : 'point', 'VOF');
  }
  return { aif, vof };
}
