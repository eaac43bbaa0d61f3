import type { ScalarMapName } from '../dti/types';
import type { NiftiDatatype } from '../nifti/writeNifti';

/**
 * The one catalogue of maps: every map any model gives (DTI now, perfusion next) with how it is
 * labelled, displayed, exported and written as NIfTI. The viewer (display scale, window, colour
 * map), the export units, the NIfTI export and the CLI all read it, so a new map flows through
 * ROI statistics, mirror and export by adding one entry.
 *
 * Engine ("native") units: FA unitless, diffusivities mm²/s, signal maps in scanner units.
 */

/** Maps of the CT perfusion engine (src/core/perfusion, PerfusionValues keys) the viewer shows and exports. */
export type PerfusionMapName = 'cbf' | 'cbv' | 'mtt' | 'tmax' | 'ttp' | 'ps';

/**
 * Every map the viewer can show: the DTI engine's scalars plus colour FA, the brain mask and the
 * base image maps are fused over ('b0': the mean b0 of a DTI fit, the mean CT of a perfusion
 * series), and the perfusion maps.
 */
export type MapName = ScalarMapName | 'colfa' | 'mask' | 'b0' | PerfusionMapName;

/** How a map's values are exported in one unit system: unit label and factor from native units. */
export interface ExportScale {
  unit: string;
  scale: number;
}

export interface MapSpec {
  name: MapName;
  /** Short label for buttons, the probe, export columns and NIfTI file names, e.g. 'FA'. */
  label: string;
  /** Native unit as records store it: '1' (unitless), 'mm^2/s', 'a.u.'. */
  nativeUnit: string;
  /** Factor from native to display units (mm²/s → 10⁻⁶ mm²/s is 1e6). */
  scale: number;
  /** Display unit for the colourbar and probe; '' for unitless. */
  unit: string;
  /** Default display window [low, high] in display units; null = from the data (signal-unit maps). */
  range: [number, number] | null;
  /** Decimals the probe prints in display units. */
  decimals: number;
  /** Export units: 'trial' (10⁻⁶ mm²/s, FA × 10⁴) and 'si' (m²/s, FA fraction); null = passed through as 'a.u.'. */
  exportAs: { trial: ExportScale; si: ExportScale } | null;
  /** NIfTI datatype of its file; null when it is not exported as NIfTI. */
  nifti: NiftiDatatype | null;
  /** NIfTI file / descrip label (dcm2niix-style names where they exist). */
  niftiLabel: string;
  /** Colour map it is first shown with. */
  colormap: 'grey' | 'hot' | 'viridis' | 'jet' | 'perfusion';
  /** The model that makes it: absent for the DTI fit's maps, 'perfusion' for the CT perfusion maps. */
  model?: 'perfusion';
}

const DIFFUSIVITY = {
  nativeUnit: 'mm^2/s',
  scale: 1e6,
  unit: '10⁻⁶ mm²/s',
  decimals: 0,
  range: [0, 3000] as [number, number],
  exportAs: { trial: { unit: '10^-6 mm^2/s', scale: 1e6 }, si: { unit: 'm^2/s', scale: 1e-6 } },
  nifti: 'float32' as const,
  colormap: 'grey' as const,
};
const SIGNAL = { nativeUnit: 'a.u.', scale: 1, unit: 'signal', range: null, decimals: 0, exportAs: null, nifti: 'float32' as const, colormap: 'grey' as const };

/**
 * Diffusivities shown in 10⁻⁶ mm²/s (µm²/s) as trial case report forms use; the 0–3000 window
 * covers tissue to free water at 37 °C (~3000). FA is unitless, 0–1, exported × 10⁴ in trial
 * units (as CEREHETIS and scanner FA maps store it). In the order the map buttons list them.
 */
export const MAP_SPECS: readonly MapSpec[] = [
  {
    name: 'fa',
    label: 'FA',
    nativeUnit: '1',
    scale: 1,
    unit: '',
    range: [0, 1],
    decimals: 3,
    exportAs: { trial: { unit: '10^-4', scale: 1e4 }, si: { unit: '1', scale: 1 } },
    nifti: 'float32',
    niftiLabel: 'FA',
    colormap: 'grey',
  },
  { name: 'md', label: 'MD', ...DIFFUSIVITY, niftiLabel: 'MD' },
  { name: 'ad', label: 'AD', ...DIFFUSIVITY, niftiLabel: 'AD' },
  { name: 'rd', label: 'RD', ...DIFFUSIVITY, niftiLabel: 'RD' },
  { name: 'colfa', label: 'Colour FA', nativeUnit: '1', scale: 1, unit: '', range: [0, 1], decimals: 3, exportAs: null, nifti: 'rgb24', niftiLabel: 'colorFA', colormap: 'grey' },
  { name: 'l1', label: 'λ1', ...DIFFUSIVITY, niftiLabel: 'L1' },
  { name: 'l2', label: 'λ2', ...DIFFUSIVITY, niftiLabel: 'L2' },
  { name: 'l3', label: 'λ3', ...DIFFUSIVITY, niftiLabel: 'L3' },
  { name: 's0', label: 'S0', ...SIGNAL, niftiLabel: 'S0' },
  { name: 'mask', label: 'Mask', nativeUnit: '1', scale: 1, unit: '', range: [0, 1], decimals: 0, exportAs: null, nifti: 'uint8', niftiLabel: 'mask', colormap: 'grey' },
  { name: 'b0', label: 'b0', ...SIGNAL, niftiLabel: 'b0' },
  { name: 'residual', label: 'Residual', ...SIGNAL, decimals: 1, nifti: null, niftiLabel: 'residual' },
];

/**
 * CT perfusion maps as the engine gives them (src/core/perfusion/types.ts): flows in ml/100 g/min,
 * volumes in ml/100 g, times in s. Trial units are the clinical ones (as vendor perfusion software
 * and trial case report forms give them); SI: m³/kg/s (1 ml/100 g/min = 1e-6 m³ / 0.1 kg / 60 s),
 * m³/kg, s. Windows cover normal grey matter to the long delays of hypoperfusion; the colour map
 * is the customary perfusion rainbow (greyscale offered in the display panel).
 */
const FLOW = {
  nativeUnit: 'ml/100g/min',
  scale: 1,
  unit: 'ml/100 g/min',
  decimals: 1,
  exportAs: { trial: { unit: 'ml/100g/min', scale: 1 }, si: { unit: 'm^3/kg/s', scale: 1e-6 / 0.1 / 60 } },
  nifti: 'float32' as const,
  colormap: 'perfusion' as const,
  model: 'perfusion' as const,
};
const BLOOD_VOLUME = { ...FLOW, nativeUnit: 'ml/100g', unit: 'ml/100 g', decimals: 2, exportAs: { trial: { unit: 'ml/100g', scale: 1 }, si: { unit: 'm^3/kg', scale: 1e-6 / 0.1 } } };
const TIME = { ...FLOW, nativeUnit: 's', unit: 's', decimals: 1, exportAs: { trial: { unit: 's', scale: 1 }, si: { unit: 's', scale: 1 } } };

/** In the order the perfusion panel lists them. */
export const PERFUSION_MAP_SPECS: readonly MapSpec[] = [
  { name: 'cbf', label: 'CBF', ...FLOW, range: [0, 80], niftiLabel: 'CBF' },
  { name: 'cbv', label: 'CBV', ...BLOOD_VOLUME, range: [0, 6], niftiLabel: 'CBV' },
  { name: 'mtt', label: 'MTT', ...TIME, range: [0, 12], niftiLabel: 'MTT' },
  { name: 'tmax', label: 'Tmax', ...TIME, range: [0, 12], niftiLabel: 'Tmax' },
  { name: 'ttp', label: 'TTP', ...TIME, range: [0, 40], niftiLabel: 'TTP' },
  { name: 'ps', label: 'PS', ...FLOW, decimals: 2, range: [0, 6], niftiLabel: 'PS' },
];

/** The catalogue entry of a map by name (case-insensitive: export rows carry 'MD'); undefined when unknown. */
export function findMapSpec(name: string): MapSpec | undefined {
  const key = name.toLowerCase();
  return MAP_SPECS.find((s) => s.name === key) ?? PERFUSION_MAP_SPECS.find((s) => s.name === key);
}

export function mapSpec(name: MapName): MapSpec {
  const spec = findMapSpec(name);
  if (!spec) throw new Error(`unknown map ${name}`);
  return spec;
}
