/**
 * Scalar invariants of a diffusion tensor from its eigenvalues λ₁ ≥ λ₂ ≥ λ₃ (any diffusivity
 * unit; FA is unitless). Negative eigenvalues are not physical: callers clamp them to 0 first,
 * as dipy does, so these never see them.
 */

/** Fractional anisotropy in [0, 1]: √(½)·‖λ − λ̄‖-based closed form; 0 for the zero tensor. */
export function fractionalAnisotropy(l1: number, l2: number, l3: number): number {
  const den = l1 * l1 + l2 * l2 + l3 * l3;
  if (!(den > 0)) return 0;
  const a = l1 - l2;
  const b = l2 - l3;
  const c = l3 - l1;
  const fa = Math.sqrt((0.5 * (a * a + b * b + c * c)) / den);
  return fa > 1 ? 1 : fa;
}

/** Mean diffusivity (λ₁ + λ₂ + λ₃) / 3. */
export function meanDiffusivity(l1: number, l2: number, l3: number): number {
  return (l1 + l2 + l3) / 3;
}

/** Axial diffusivity λ₁. */
export function axialDiffusivity(l1: number): number {
  return l1;
}

/** Radial diffusivity (λ₂ + λ₃) / 2. */
export function radialDiffusivity(l2: number, l3: number): number {
  return (l2 + l3) / 2;
}
