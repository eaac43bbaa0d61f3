import { mapSpec, type MapName } from '../core/maps/mapCatalog';

/** The viewer reads the one map catalogue of src/core (label, display scale and unit, window, colour map). */
export { MAP_SPECS, mapSpec, type MapName, type MapSpec } from '../core/maps/mapCatalog';

/** A value in engine units as the probe prints it, e.g. 'FA 0.532' or 'MD 812 10⁻⁶ mm²/s'. */
export function formatProbe(name: MapName, engineValue: number): string {
  const spec = mapSpec(name);
  const text = (engineValue * spec.scale).toFixed(spec.decimals);
  return spec.unit && spec.unit !== 'signal' ? `${spec.label} ${text} ${spec.unit}` : `${spec.label} ${text}`;
}

/**
 * Display window for a map in display units: the spec's fixed range, or for signal-unit maps
 * 0 … 99.5th percentile of the non-zero voxels (a few hot voxels at vessels would flatten a min–max window).
 */
export function displayRange(name: MapName, displayValues: Float32Array): [number, number] {
  const spec = mapSpec(name);
  if (spec.range) return spec.range;
  const nonZero = displayValues.filter((v) => v > 0).sort();
  if (nonZero.length === 0) return [0, 1];
  return [0, nonZero[Math.min(nonZero.length - 1, Math.floor(nonZero.length * 0.995))]];
}
