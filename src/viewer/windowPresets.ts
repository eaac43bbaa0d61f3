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
