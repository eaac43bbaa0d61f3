import type { Code } from './codes';

/**
 * The UCUM unit of each export unit label (exportUnits.ts, mapCatalog.ts), so an SR's NUM items
 * carry exactly the unit the CSV column states: 10⁻⁶ mm²/s is the UCUM expression
 * "10*-6.mm2/s" (numerically µm²/s) and FA × 10⁴ is "10*-4" (the value times 10⁻⁴ is FA).
 */
const UCUM: Record<string, { value: string; meaning: string }> = {
  '1': { value: '1', meaning: 'no units' },
  '10^-4': { value: '10*-4', meaning: '10^-4' },
  '10^-6 mm^2/s': { value: '10*-6.mm2/s', meaning: '10^-6 mm2/s' },
  'mm^2/s': { value: 'mm2/s', meaning: 'mm2/s' },
  'm^2/s': { value: 'm2/s', meaning: 'm2/s' },
  'mm^2': { value: 'mm2', meaning: 'mm2' },
  'm^2': { value: 'm2', meaning: 'm2' },
  mL: { value: 'mL', meaning: 'mL' },
  'm^3': { value: 'm3', meaning: 'm3' },
  mm: { value: 'mm', meaning: 'mm' },
  voxels: { value: '{voxels}', meaning: 'voxels' },
  'a.u.': { value: "[arb'U]", meaning: 'arbitrary unit' },
};

/** The UCUM code of an export unit label; throws for a label with no UCUM form (a new unit must be added here). */
export function ucumCode(label: string): Code {
  const u = UCUM[label];
  if (!u) throw new Error(`no UCUM code for the unit '${label}'`);
  return { CodeValue: u.value, CodingSchemeDesignator: 'UCUM', CodeMeaning: u.meaning };
}

/** The export unit label of a UCUM code we wrote; null for one we do not know. */
export function unitLabelOf(ucum: string): string | null {
  for (const [label, u] of Object.entries(UCUM)) if (u.value === ucum) return label;
  return null;
}
