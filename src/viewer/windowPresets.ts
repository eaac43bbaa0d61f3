import type { SeriesKind } from '../core/dicom/types';

/** A window preset: width and centre in rescaled units (HU for CT); null width = the image's own (MR auto). */
export interface WindowPreset {
  label: string;
  ww: number | null;
  wc: number | null;
}

export const WINDOW_PRESETS: WindowPreset[] = [
  { label: 'CT brain', ww: 80, wc: 40 },
  { label: 'Stroke', ww: 40, wc: 40 },
  { label: 'Subdural', ww: 215, wc: 75 },
  { label: 'Bone', ww: 2800, wc: 600 },
  { label: 'MR auto', ww: null, wc: null },
];

/**
 * The presets of a CT perfusion series, on the same keys 1–5: brain; a narrow perfusion window
 * (20–80 HU: unenhanced parenchyma near its bottom, the 10–30 HU first-pass enhancement of grey
 * matter inside it, so an underperfused territory stays dark while the rest brightens); vessels
 * as on CTA (arteries at several hundred HU at the bolus peak); bone; the image's own window.
 */
export const CTP_WINDOW_PRESETS: WindowPreset[] = [
  { label: 'CT brain', ww: 80, wc: 40 },
  { label: 'Perfusion', ww: 60, wc: 50 },
  { label: 'Vessels', ww: 600, wc: 150 },
  { label: 'Bone', ww: 2800, wc: 600 },
  { label: 'Auto', ww: null, wc: null },
];

/** The presets offered for a series of this kind (none shown: the general ones). */
export function windowPresetsFor(kind: SeriesKind | null | undefined): WindowPreset[] {
  return kind === 'ctp' ? CTP_WINDOW_PRESETS : WINDOW_PRESETS;
}
