import type { Mat4, Vec3 } from '../math/types';
import type { Plane } from '../measure/types';
import { voxelToLps, voxelVolumeMm3 } from '../roi/voxelAffine';

/**
 * Thresholds of the perfusion volumes, editable by the reader and recorded with every volume.
 * Defaults are the DEFUSE 3 / RAPID criteria: ischaemic core where CBF is below 30 % of the
 * reference hemisphere's mean CBF, hypoperfused tissue where Tmax exceeds 6 s.
 */
export interface VolumeThresholds {
  /** Core: CBF below this fraction of the reference hemisphere's mean CBF (0..1). */
  coreRelativeCbf: number;
  /** Hypoperfused: Tmax above this, s. */
  hypoperfusedTmaxS: number;
}

export const DEFAULT_VOLUME_THRESHOLDS: VolumeThresholds = { coreRelativeCbf: 0.3, hypoperfusedTmaxS: 6 };

/** Which side of the mid-sagittal plane is the reference: '+' the normal's side, '-' the other. */
export type PlaneSide = '+' | '-';

export interface PerfusionVolumes {
  thresholds: VolumeThresholds;
  /** Mean CBF of the tissue voxels of the reference hemisphere, ml/100 g/min. */
  referenceCbf: number;
  referenceSide: PlaneSide;
  /** The mid-sagittal plane that split the hemispheres, LPS mm. */
  midline: Plane;
  /** mL */
  coreMl: number;
  hypoperfusedMl: number;
  /** Hypoperfused minus core, mL (negative when the core exceeds the hypoperfusion). */
  mismatchMl: number;
  /** Hypoperfused / core; null when there is no core. */
  mismatchRatio: number | null;
  /** 1 where a voxel counts in the core / the hypoperfused volume (the overlays). */
  core: Uint8Array;
  hypoperfused: Uint8Array;
}

/**
 * Core, hypoperfused and mismatch volumes of perfusion maps on one grid (`affine` voxel → LPS
 * mm, nx·ny·nz voxels): CBF in ml/100 g/min, Tmax in s, `tissue` 1 where the maps were computed.
 * The hemispheres are the two sides of `midline` (LPS mm, unit normal); the reference is
 * `referenceSide` when the caller knows where the lesion is (the contralateral side), else the
 * side with the higher mean CBF. Core and hypoperfusion are counted over all tissue voxels.
 */
export function perfusionVolumes(
  cbf: ArrayLike<number>,
  tmax: ArrayLike<number>,
  tissue: ArrayLike<number>,
  dims: readonly [number, number, number],
  affine: Mat4,
  midline: Plane,
  thresholds: VolumeThresholds,
  referenceSide?: PlaneSide,
): PerfusionVolumes {
  const [nx, ny, nz] = dims;
  const side = new Int8Array(nx * ny * nz);
  const sums = { '+': 0, '-': 0 };
  const counts = { '+': 0, '-': 0 };
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const v = i + nx * (j + ny * k);
        if (!tissue[v]) continue;
        const s: PlaneSide = signedDistance(voxelToLps(affine, i, j, k), midline) >= 0 ? '+' : '-';
        side[v] = s === '+' ? 1 : -1;
        sums[s] += cbf[v];
        counts[s]++;
      }
  const mean = (s: PlaneSide) => (counts[s] > 0 ? sums[s] / counts[s] : 0);
  const reference = referenceSide ?? (mean('+') >= mean('-') ? '+' : '-');
  const referenceCbf = mean(reference);
  const core = new Uint8Array(side.length);
  const hypoperfused = new Uint8Array(side.length);
  let nCore = 0;
  let nHypo = 0;
  for (let v = 0; v < side.length; v++) {
    if (!side[v]) continue;
    if (cbf[v] < thresholds.coreRelativeCbf * referenceCbf) {
      core[v] = 1;
      nCore++;
    }
    if (tmax[v] > thresholds.hypoperfusedTmaxS) {
      hypoperfused[v] = 1;
      nHypo++;
    }
  }
  const ml = voxelVolumeMm3(affine) / 1000;
  const coreMl = nCore * ml;
  const hypoperfusedMl = nHypo * ml;
  return {
    thresholds,
    referenceCbf,
    referenceSide: reference,
    midline: { origin: [...midline.origin], normal: [...midline.normal] },
    coreMl,
    hypoperfusedMl,
    mismatchMl: hypoperfusedMl - coreMl,
    mismatchRatio: nCore > 0 ? hypoperfusedMl / coreMl : null,
    core,
    hypoperfused,
  };
}

function signedDistance(p: Vec3, plane: Plane): number {
  return (p[0] - plane.origin[0]) * plane.normal[0] + (p[1] - plane.origin[1]) * plane.normal[1] + (p[2] - plane.origin[2]) * plane.normal[2];
}
