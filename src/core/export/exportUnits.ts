import { findMapSpec } from '../maps/mapCatalog';

/**
 * Units of exported values. 'trial': the integer-friendly stroke-trial convention
 * (diffusivities in 10⁻⁶ mm²/s, FA × 10⁴ as CEREHETIS and scanner FA maps store it, areas mm²,
 * volumes mL). 'si': m²/s, FA as a fraction, m², m³.
 */
export type ExportUnitSystem = 'trial' | 'si';

/**
 * Rounds to 12 significant digits: scaling by powers of ten in binary floating point leaves
 * noise like 699.9999999999999; the source values are float32 (≈ 7 digits), so 12 digits lose
 * nothing real and make exports read as intended (700).
 */
export function cleanScaled(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(12)) : value;
}

/**
 * Export unit label and conversion of a map's values (mean, SD, median, IQR...), from the map
 * catalogue (core/maps). Maps without export units (signal maps, unknown maps) pass through as 'a.u.'.
 */
export function mapUnit(map: string, system: ExportUnitSystem): { unit: string; convert: (native: number) => number } {
  const as = findMapSpec(map)?.exportAs?.[system];
  if (!as) return { unit: 'a.u.', convert: (v) => v };
  return as.scale === 1 ? { unit: as.unit, convert: (v) => v } : { unit: as.unit, convert: (v) => cleanScaled(v * as.scale) };
}

/** The unit a map's values are computed and stored in (map catalogue): FA '1', diffusivities 'mm^2/s', signal maps 'a.u.'. */
export function nativeMapUnit(map: string): string {
  return findMapSpec(map)?.nativeUnit ?? 'a.u.';
}

/** Area (native mm²) in export units. */
export function areaUnit(system: ExportUnitSystem): { unit: string; convert: (mm2: number) => number } {
  return system === 'trial' ? { unit: 'mm^2', convert: (v) => v } : { unit: 'm^2', convert: (v) => cleanScaled(v * 1e-6) };
}

/** Volume (native mL) in export units. */
export function volumeUnit(system: ExportUnitSystem): { unit: string; convert: (ml: number) => number } {
  return system === 'trial' ? { unit: 'mL', convert: (v) => v } : { unit: 'm^3', convert: (v) => cleanScaled(v * 1e-6) };
}
