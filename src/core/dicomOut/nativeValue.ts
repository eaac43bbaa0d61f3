import { areaUnit, mapUnit, nativeMapUnit, volumeUnit, type ExportUnitSystem } from '../export/exportUnits';

/**
 * The inverse of the export conversions (exportUnits.ts): a value read in an export unit back in
 * the record's native unit (map's own, mm², mL), by the same catalogue factors. A value exported
 * and read back converts to the same exported value again (the factors are powers of ten and
 * the export rounds to 12 digits), so a reopened study exports the same CSV.
 */

const SYSTEMS: ExportUnitSystem[] = ['trial', 'si'];

function inverse(label: string, unitOf: (s: ExportUnitSystem) => { unit: string; convert: (v: number) => number }, native: string, what: string): (v: number) => number {
  if (label === native) return (v) => v;
  for (const s of SYSTEMS) {
    const u = unitOf(s);
    if (u.unit === label) {
      const factor = u.convert(1);
      return (v) => v / factor;
    }
  }
  throw new Error(`${what} in '${label}': not a unit the export writes`);
}

export function mapValueToNative(map: string, label: string): (v: number) => number {
  return inverse(label, (s) => mapUnit(map, s), nativeMapUnit(map), `${map.toUpperCase()} value`);
}

export function areaToMm2(label: string): (v: number) => number {
  return inverse(label, areaUnit, 'mm^2', 'area');
}

export function volumeToMl(label: string): (v: number) => number {
  return inverse(label, volumeUnit, 'mL', 'volume');
}

/** The export conversion (native → `label`) of a system whose unit is `label`; identity for the native unit. */
export function exportIn(unitOf: (s: ExportUnitSystem) => { unit: string; convert: (v: number) => number }, label: string): (v: number) => number {
  return SYSTEMS.map(unitOf).find((u) => u.unit === label)?.convert ?? ((v) => v);
}

/** A map's export conversion into `label`. */
export function mapUnitIn(map: string, label: string): (v: number) => number {
  return exportIn((s) => mapUnit(map, s), label);
}
