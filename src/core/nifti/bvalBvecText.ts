import type { Vec3 } from '../math/types';
import { formatG } from './formatG';

/** FSL .bval text as dcm2niix writes it: one line, b-values (s/mm²) separated by single spaces. */
export function bvalText(bValues: number[]): string {
  return `${bValues.map(formatG).join(' ')}\n`;
}

/**
 * FSL .bvec text as dcm2niix writes it: three lines (x, y, z in the NIfTI image-axis frame,
 * FSL convention), one column per volume. Vectors must already be in that frame.
 */
export function bvecText(vectors: Vec3[]): string {
  return [0, 1, 2].map((axis) => `${vectors.map((v) => formatG(v[axis])).join(' ')}\n`).join('');
}
