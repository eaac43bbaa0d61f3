import type { FrameInfo, SeriesKind } from './types';

/**
 * Series kind from modality, ImageType words, description and frames. Scanner-computed maps are
 * recognised by ImageType/description words before diffusion, because they often still carry a b-value.
 * CT perfusion = CT whose frames repeat the same position many times (a time series per slice).
 */
export function classifySeries(modality: string, imageType: string[], description: string, frames: FrameInfo[]): SeriesKind {
  const words = [...imageType, ...description.split(/[^A-Za-z0-9]+/)].map((w) => w.toUpperCase());
  const has = (...w: string[]): boolean => w.some((x) => words.includes(x));
  if (modality === 'CT') return isRepeatedPositions(frames) ? 'ctp' : 'ct';
  if (has('COLFA', 'FA_COLOR', 'COLOR_FA', 'RGB_FA') || /COL(OU?R)?[ _-]?FA/i.test(description)) return 'colfa';
  if (has('FA')) return 'fa';
  if (has('ADC', 'EADC')) return 'adc';
  if (has('TRACE', 'TRACEW', 'ISOTROPIC', 'CALC_BVALUE')) return 'trace';
  if (frames.some((f) => f.diffusion && f.diffusion.bValue >= 50 && !f.diffusion.isotropic)) return 'dwi';
  if (modality !== 'MR') return 'other';
  if (has('FLAIR') || /FLAIR/i.test(description)) return 'flair';
  if (/T2|TSE/i.test(description)) return 't2';
  if (/T1|MPRAGE|SPGR|MPR/i.test(description)) return 't1';
  return 'other';
}

/** True when some position holds ≥ 5 frames: repeated acquisitions of the same slice. */
function isRepeatedPositions(frames: FrameInfo[]): boolean {
  const counts = new Map<string, number>();
  for (const f of frames) {
    if (!f.position) continue;
    const key = f.position.map((v) => v.toFixed(1)).join(',');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.values()].some((n) => n >= 5);
}
