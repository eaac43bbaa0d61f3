import type { FrameInfo } from './types';
import { norm } from '../math/vec3Length';
import { dot } from '../math/vec3Products';

/** b-values at or below this (s/mm²) count as b0, as in dcm2niix/dipy (Philips writes 0.001–0.004). */
export const B0_THRESHOLD = 50;

/** Cosine above which two unit gradients are the same direction (antipodes included: diffusion is symmetric). */
const SAME_DIRECTION = 0.9999;

/**
 * Canon/Toshiba write no diffusion attributes at all on b = 0 images. When other frames of the
 * series carry diffusion information, a frame without any is a b0 (source 'canon-absent-b0').
 */
export function fillAbsentB0(frames: FrameInfo[]): void {
  if (!frames.some((f) => f.diffusion)) return;
  for (const f of frames) {
    if (!f.diffusion && !f.derived) f.diffusion = { bValue: 0, gradientLPS: null, source: 'canon-absent-b0', isotropic: false };
  }
}

/** Distinct b-values (rounded to 0.1 s/mm²) in order of first appearance. */
export function distinctBValues(frames: FrameInfo[]): number[] {
  const out: number[] = [];
  for (const f of frames) {
    if (!f.diffusion) continue;
    const b = Math.round(f.diffusion.bValue * 10) / 10;
    if (!out.includes(b)) out.push(b);
  }
  return out;
}

/** Number of distinct non-b0, non-isotropic gradient directions. */
export function countDirections(frames: FrameInfo[]): number {
  const seen: [number, number, number][] = [];
  for (const f of frames) {
    const d = f.diffusion;
    if (!d || d.isotropic || d.bValue <= B0_THRESHOLD || !d.gradientLPS) continue;
    const g = d.gradientLPS;
    // Stated gradients are kept as written, up to 1% off unit length (see asDirection): compare cosines.
    if (!seen.some((s) => Math.abs(dot(s, g)) > SAME_DIRECTION * norm(s) * norm(g))) seen.push(g);
  }
  return seen.length;
}

/** Why a diffusion series cannot be fitted, or null when every diffusion-weighted frame has a gradient. */
export function diffusionProblem(frames: FrameInfo[]): string | null {
  const weighted = frames.filter((f) => f.diffusion && f.diffusion.bValue > B0_THRESHOLD && !f.diffusion.isotropic);
  if (weighted.length === 0) return null;
  const missing = weighted.filter((f) => !f.diffusion?.gradientLPS).length;
  if (missing === 0) return null;
  return `${missing} of ${weighted.length} diffusion-weighted images have a b-value but no gradient direction (neither standard nor vendor tags state one)`;
}
