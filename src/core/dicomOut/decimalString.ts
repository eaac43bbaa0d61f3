/**
 * A number as a DICOM DS value (at most 16 characters): its shortest round-trip text when that
 * fits (so the text a reader sees is the CSV's), else the most significant digits that fit.
 * Non-finite numbers have no DS form and throw.
 */
export function decimalString(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`${value} has no DICOM decimal string`);
  const plain = Object.is(value, -0) ? '0' : String(value);
  if (plain.length <= 16) return plain;
  for (let digits = 15; digits >= 1; digits--) {
    const text = value.toPrecision(digits);
    // Drop trailing zeros of the mantissa (toPrecision pads): '1.20000e-7' → '1.2e-7'.
    const trimmed = text.includes('e') ? text.replace(/\.?0+e/, 'e') : text.includes('.') ? text.replace(/\.?0+$/, '') : text;
    if (trimmed.length <= 16) return trimmed;
  }
  throw new Error(`${value} does not fit a DICOM decimal string`);
}
