import { eigenSymmetric3 } from './eigenSymmetric3';
import { B_SCALE } from './fitScheme';
import type { SlabMaps } from './slabMaps';
import { axialDiffusivity, fractionalAnisotropy, meanDiffusivity, radialDiffusivity } from './tensorMetrics';

/** Entries of a voxel's fit record: the six tensor entries, ln S0, residual. */
export const VOXEL_FIT_LENGTH = 8;

/** Entries of an eigen record: λ₁ ≥ λ₂ ≥ λ₃ in the fit's units, unit V1, S0, residual. */
export const EIGEN_RECORD_LENGTH = 8;

/**
 * The tail both fit kernels share (fitSlab, fitSlabSimd): one voxel's fitted tensor →
 * eigen-decomposition → every map of slab voxel `n` (index into `maps`), and its counts.
 *
 * `fit` holds the voxel's log-linear solution: fit[0..5] = Dxx, Dyy, Dzz, Dxy, Dxz, Dyz in the
 * fit's units (µm²/ms, see B_SCALE), fit[6] = ln S0, fit[7] = RMS residual in signal units.
 * `rec` is scratch of EIGEN_RECORD_LENGTH entries. Everything goes through typed arrays and `n` is a
 * small integer, so this non-inlined per-voxel call boxes no double (see eigenSymmetric3).
 */
export function storeVoxelFit(fit: Float64Array, rec: Float64Array, maps: SlabMaps, n: number): void {
  eigenSymmetric3(fit, rec);
  rec[6] = Math.exp(fit[6]);
  rec[7] = fit[7];
  storeEigenFit(rec, maps, n);
}

/**
 * Every map of slab voxel `n` from its eigen record (EIGEN_RECORD_LENGTH entries: λ₁ ≥ λ₂ ≥ λ₃ in the
 * fit's units, unit V1, S0, RMS residual in signal units), and its counts. The SIMD kernel computes
 * the record itself for most voxels; storeVoxelFit computes it for the others.
 *
 * A result that is not finite counts as failed and leaves the maps at 0. Eigenvalues below 0 are
 * clamped to 0 for every metric and the voxel is counted in nonPositiveEigen. Counts are added
 * unconditionally (0 or 1) and clamps are constant stores: the rarely taken paths then hold no
 * operation that lacks type feedback, which would deoptimise the kernel the first time a real
 * series hits them.
 */
function storeEigenFit(rec: Float64Array, maps: SlabMaps, n: number): void {
  const counts = maps.counts;
  // A local copy: a bundler's live binding of an imported constant can become a getter call.
  const bScale = B_SCALE;
  let l1 = rec[0] * bScale;
  let l2 = rec[1] * bScale;
  let l3 = rec[2] * bScale;
  const s0 = rec[6];
  const rms = rec[7];
  const bad = !(Number.isFinite(l1) && Number.isFinite(l3) && Number.isFinite(s0) && Number.isFinite(rms) && Number.isFinite(rec[3]));
  counts.failed += bad ? 1 : 0;
  if (bad) return;
  counts.nonPositiveEigen += l3 <= 0 ? 1 : 0;
  // λ₁ ≥ λ₂ ≥ λ₃, so this clamps only when λ₃ ≤ 0.
  if (l1 < 0) l1 = 0;
  if (l2 < 0) l2 = 0;
  if (l3 < 0) l3 = 0;
  counts.fitted += 1;
  const { scalars, v1, colorFa } = maps;
  const f = fractionalAnisotropy(l1, l2, l3);
  scalars.fa[n] = f;
  scalars.md[n] = meanDiffusivity(l1, l2, l3);
  scalars.ad[n] = axialDiffusivity(l1);
  scalars.rd[n] = radialDiffusivity(l2, l3);
  scalars.l1[n] = l1;
  scalars.l2[n] = l2;
  scalars.l3[n] = l3;
  scalars.s0[n] = s0;
  scalars.residual[n] = rms;
  const o = 3 * n;
  v1[o] = rec[3];
  v1[o + 1] = rec[4];
  v1[o + 2] = rec[5];
  colorFa[o] = Math.round(255 * Math.abs(rec[3]) * f);
  colorFa[o + 1] = Math.round(255 * Math.abs(rec[4]) * f);
  colorFa[o + 2] = Math.round(255 * Math.abs(rec[5]) * f);
}
