/** Relative deviation from the median step (fraction) that counts as uneven spacing. */
const UNEVEN = 0.01;

/**
 * Slice spacing (mm) from the ascending slice distances along the normal: the median step, plus a
 * warning for each gap (a step ≈ n × median: missing slices) or otherwise uneven step.
 */
export function sliceSpacing(distances: number[]): { spacing: number; warnings: string[] } {
  const steps = distances.slice(1).map((d, i) => d - distances[i]);
  const sorted = [...steps].sort((a, b) => a - b);
  const spacing = sorted[Math.floor(sorted.length / 2)];
  const warnings: string[] = [];
  steps.forEach((step, i) => {
    if (Math.abs(step - spacing) <= UNEVEN * spacing) return;
    const ratio = step / spacing;
    const missing = Math.round(ratio) - 1;
    if (missing >= 1 && Math.abs(ratio - Math.round(ratio)) < 0.1) {
      warnings.push(`gap between slices ${i + 1} and ${i + 2}: ${step.toFixed(2)} mm instead of ${spacing.toFixed(2)} mm (${missing} slice(s) missing?)`);
    } else {
      warnings.push(`uneven slice spacing between slices ${i + 1} and ${i + 2}: ${step.toFixed(2)} mm instead of ${spacing.toFixed(2)} mm`);
    }
  });
  return { spacing, warnings };
}
