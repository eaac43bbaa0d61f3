/** Relative deviation from the median step (fraction) that counts as uneven spacing. */
const UNEVEN = 0.01;

/**
 * Slice spacing (mm) from the ascending slice distances along the normal: the most frequent step
 * (to 0.01 mm; ties go to the smaller, since a missing slice can only lengthen a step), plus a
 * warning for each gap (a step ≈ n × spacing: missing slices) or otherwise uneven step.
 */
export function sliceSpacing(distances: number[]): { spacing: number; warnings: string[] } {
  const steps = distances.slice(1).map((d, i) => d - distances[i]);
  const counts = new Map<number, number>();
  for (const step of steps) counts.set(Math.round(step * 100), (counts.get(Math.round(step * 100)) ?? 0) + 1);
  const [modeKey] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
  const spacing = steps.filter((s) => Math.round(s * 100) === modeKey).reduce((a, b) => a + b, 0) / counts.get(modeKey)!;
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
