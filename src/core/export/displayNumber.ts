/**
 * Text of an exported number rounded for reading (the measurement table view); the exact value
 * stays in the CSV and in the cell's tooltip (formatNumber). The rule goes by the value's export
 * unit (exportUnits.ts), so one table row reads the same whatever the statistic:
 * - trial units: FA × 10⁻⁴ and 10⁻⁶ mm²/s 1 decimal (one decimal below the float32 maps' noise,
 *   and what trial forms print), signal a.u. 1 decimal, areas mm² 1 decimal, volumes mL 2
 *   decimals (10 µL, about one 2 mm voxel's 8 µL: finer than any lesion volume is known);
 * - SI units (FA fraction and ratios '1', m²/s, m², m³): 4 significant digits (values span
 *   10⁻¹⁰ to 1, so a fixed number of decimals would print 0.0000);
 * - voxel counts as integers; percent changes ('%') 1 decimal.
 * NaN, ±Infinity and null print as '' like the CSV's missing value.
 */

const DECIMALS: Record<string, number> = {
  '10^-4': 1,
  '10^-6 mm^2/s': 1,
  'a.u.': 1,
  'mm^2': 1,
  mL: 2,
  voxels: 0,
  '%': 1,
};

const SIGNIFICANT_SI = 4;

export function displayNumber(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return '';
  const decimals = DECIMALS[unit];
  const text = decimals === undefined ? value.toPrecision(SIGNIFICANT_SI) : value.toFixed(decimals);
  // −0.04 rounded to 1 decimal reads "-0.0": a sign on zero only confuses.
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}
