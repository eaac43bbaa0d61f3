import type { ScalarMapName } from '../core/dti/types';

/** Every DTI map the viewer can show: the engine's scalars plus colour FA, the mask and the mean b0 the maps are fused over. */
export type MapName = ScalarMapName | 'colfa' | 'mask' | 'b0';

export interface MapSpec {
  name: MapName;
  /** Short label for buttons and the probe, e.g. 'FA'. */
  label: string;
  /** Factor from engine units to display units (mm²/s → 10⁻⁶ mm²/s is 1e6). */
  scale: number;
  /** Display unit for the colourbar and probe; '' for unitless. */
  unit: string;
  /** Default display window [low, high] in display units; null = from the data (signal-unit maps). */
  range: [number, number] | null;
  /** Decimals the probe prints in display units. */
  decimals: number;
}

const DIFFUSIVITY = { scale: 1e6, unit: '10⁻⁶ mm²/s', decimals: 0 } as const;

/**
 * Display conventions. Diffusivities shown in 10⁻⁶ mm²/s (µm²/s) as trial case report forms use;
 * the 0–3000 window covers tissue to free water at 37 °C (~3000). FA is unitless, 0–1.
 */
export const MAP_SPECS: MapSpec[] = [
  { name: 'fa', label: 'FA', scale: 1, unit: '', range: [0, 1], decimals: 3 },
  { name: 'md', label: 'MD', ...DIFFUSIVITY, range: [0, 3000] },
  { name: 'ad', label: 'AD', ...DIFFUSIVITY, range: [0, 3000] },
  { name: 'rd', label: 'RD', ...DIFFUSIVITY, range: [0, 3000] },
  { name: 'colfa', label: 'Colour FA', scale: 1, unit: '', range: [0, 1], decimals: 3 },
  { name: 'l1', label: 'λ1', ...DIFFUSIVITY, range: [0, 3000] },
  { name: 'l2', label: 'λ2', ...DIFFUSIVITY, range: [0, 3000] },
  { name: 'l3', label: 'λ3', ...DIFFUSIVITY, range: [0, 3000] },
  { name: 's0', label: 'S0', scale: 1, unit: 'signal', range: null, decimals: 0 },
  { name: 'mask', label: 'Mask', scale: 1, unit: '', range: [0, 1], decimals: 0 },
  { name: 'b0', label: 'b0', scale: 1, unit: 'signal', range: null, decimals: 0 },
  { name: 'residual', label: 'Residual', scale: 1, unit: 'signal', range: null, decimals: 1 },
];

export function mapSpec(name: MapName): MapSpec {
  const spec = MAP_SPECS.find((s) => s.name === name);
  if (!spec) throw new Error(`unknown map ${name}`);
  return spec;
}

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
