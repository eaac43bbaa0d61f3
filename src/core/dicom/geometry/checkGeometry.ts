import type { Vec3 } from '../../math/types';
import { DicomError } from '../errors';
import type { FrameInfo } from '../types';
import type { SliceStack } from './groupBySlicePosition';

/**
 * Largest pixel spacing accepted, mm: 8192 columns of it span 0.8 km, far beyond any patient, far
 * below spacings that overflow an affine (1e308).
 */
export const MAX_PIXEL_SPACING_MM = 100;

/**
 * Refuses an image whose pixel spacing cannot be right, naming the file and the tag: Pixel Spacing
 * (0028,0030) not a positive mm value up to MAX_PIXEL_SPACING_MM (0, negative and 1e308 spacings
 * would make wrong or infinite volumes). Absent or non-numeric values (read as absent, as are
 * such positions and orientations) are left to planSeries, which says what it cannot do without them.
 */
export function checkFrameGeometry(file: string, frame: FrameInfo): void {
  const where = frame.frameIndex > 0 ? ` (frame ${frame.frameIndex + 1})` : '';
  const spacing = frame.pixelSpacing;
  if (spacing && spacing.some((s) => !(s > 0 && s <= MAX_PIXEL_SPACING_MM))) {
    throw new DicomError(file, `Pixel Spacing (0028,0030)${where} is ${spacing.join('\\')} mm: each must be above 0 and at most ${MAX_PIXEL_SPACING_MM} mm; cannot size the image`);
  }
}

/**
 * Images stacked at one position when they cannot all belong there. All images of a series at one
 * Image Position Patient with a diffusion-weighted encoding (b > 0 and direction) repeated: the
 * slices' positions were collapsed (a damaged or rewritten export), and stacking them by position
 * would make a one-slice volume per image; refused through `fail`. Other images at one position
 * (a single-slice time series) are read as one volume per image, with a warning saying so.
 */
export function checkStackPositions(stacks: SliceStack[], fail: (reason: string) => never): string[] {
  if (stacks.length !== 1 || stacks[0].frames.length < 2) return [];
  const frames = stacks[0].frames;
  const at = frames[0].position!.map((v) => Number(v.toFixed(2))).join('\\');
  const seen = new Set<string>();
  for (const f of frames) {
    const d = f.diffusion;
    if (!d || !(d.bValue > 0) || !d.gradientLPS) continue;
    const key = encodingKey(d.bValue, d.gradientLPS);
    if (seen.has(key)) {
      fail(`all ${frames.length} images are at one Image Position Patient (0020,0032) ${at} although their diffusion encodings repeat (b = ${d.bValue} twice along one direction): collapsed positions, cannot stack the slices`);
    }
    seen.add(key);
  }
  const timed = frames.every((f) => f.diffusion || typeof f.temporalIndex === 'number');
  return timed ? [] : [`all ${frames.length} images are at one Image Position Patient (0020,0032) ${at}: read as ${frames.length} volumes of one slice`];
}

function encodingKey(b: number, g: Vec3): string {
  return [b, ...g].map((v) => v.toFixed(3)).join(',');
}

/**
 * A series' images' fallback warnings (see checkFrames), one line per distinct warning naming the
 * first file it concerns and how many other images share it; first seen first.
 */
export function frameWarnings(frames: FrameInfo[]): string[] {
  const byWarning = new Map<string, FrameInfo[]>();
  for (const f of frames) for (const w of f.warnings ?? []) byWarning.set(w, [...(byWarning.get(w) ?? []), f]);
  return [...byWarning].map(([warning, concerned]) => {
    const others = concerned.length - 1;
    return `${concerned[0].file}${others > 0 ? ` and ${others} other image${others > 1 ? 's' : ''}` : ''}: ${warning}`;
  });
}
