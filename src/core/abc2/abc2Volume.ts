/**
 * ABC/2 lesion volume (Kothari 1996; Sims 2009 for DWI), mL: A·B·C/2 / 1000 with A the longest
 * in-plane diameter, B the longest diameter perpendicular to A on the same slice, C the
 * cranio-caudal extent, all in mm. ABC/2 approximates the ellipsoid volume π/6·A·B·C (π/6 ≈ 1/2).
 */
export function abc2Volume({ aMm, bMm, cMm }: { aMm: number; bMm: number; cMm: number }): number {
  return (aMm * bMm * cMm) / 2 / 1000;
}
