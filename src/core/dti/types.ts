import type { Mat4 } from '../math/types';

/** Log-linear tensor estimators: ordinary, weighted (one step, dipy's default), iteratively reweighted (MRtrix3's default). */
export type Estimator = 'ols' | 'wls' | 'iwls';

/** Names of the scalar maps produced by a fit. */
export type ScalarMapName = 'fa' | 'md' | 'ad' | 'rd' | 'l1' | 'l2' | 'l3' | 's0' | 'residual';

/**
 * The result of a tensor fit over a volume. Every scalar array has nx*ny*nz voxels in the
 * same index order as the source Volume4D's first volume, and the same affine.
 * Units: fa unitless [0,1]; md/ad/rd/l1..l3 in mm²/s; s0 in signal units; residual is the
 * RMS of (measured − predicted) signal over the fitted volumes, in signal units. Voxels outside
 * the mask are 0, never NaN.
 */
export interface DtiMaps {
  dims: [number, number, number];
  spacing: [number, number, number];
  affine: Mat4;
  scalars: Record<ScalarMapName, Float32Array>;
  /** Principal eigenvector in the voxel-axis frame (i, j, k), 3 floats per voxel. */
  v1: Float32Array;
  /** Colour FA, RGB bytes per voxel = round(255 · |V1| · FA) in voxel-axis frame (red = i). */
  colorFa: Uint8Array;
  /** 1 inside the brain mask (voxels fitted), 0 outside. */
  mask: Uint8Array;
  /** Counts for provenance and warnings. */
  counts: { fitted: number; nonPositiveEigen: number; failed: number };
}

/** Options of a tensor fit over a volume. */
export interface FitOptions {
  estimator: Estimator;
  /**
   * Brain-mask threshold as a factor on the Otsu threshold of the mean b0 (1 = Otsu itself;
   * lower keeps more dim tissue). Ignored when `mask` is given.
   */
  maskThreshold?: number;
  /** Explicit mask (1 = fit), nx*ny*nz voxels in the volume's index order; replaces the automatic one. */
  mask?: Uint8Array;
  /**
   * Compute the residual map (default true). False leaves it 0: it costs one exponential and one
   * prediction per measurement and voxel (about a quarter of an OLS fit), and the CLI does not write it.
   */
  residual?: boolean;
}

/** Progress of a running fit: fraction of masked voxels done [0,1], seconds left (null until estimable). */
export interface FitProgress {
  fraction: number;
  etaSeconds: number | null;
}
