import type { Vec3 } from '../core/math/types';
import type { WindowPreset } from './windowPresets';

/** The current slice plane of a viewport: a point on it and its unit normal, LPS mm. */
export interface SlicePlane {
  point: Vec3;
  normal: Vec3;
  /** Distance between neighbouring slices along the normal, mm. */
  spacing: number;
}

/** What the toolbar, the keys and linked scrolling ask of any viewport, stack or volume. */
export interface SliceController {
  applyPreset(preset: WindowPreset): void;
  toggleInvert(): void;
  reset(): void;
  scroll(delta: number): void;
  slicePlane(): SlicePlane | null;
  /** Moves to the slice whose plane passes nearest `point` (LPS mm), keeping the orientation. */
  jumpTo(point: Vec3): void;
  /** LPS mm under a canvas point (CSS pixels from the viewport's top left), null before an image is shown. */
  canvasToWorld(x: number, y: number): Vec3 | null;
  /** Canvas point (CSS pixels) of an LPS point projected onto the shown slice, null before an image is shown. */
  worldToCanvas(point: Vec3): [number, number] | null;
  destroy(): void;
}

/** Live controllers by viewport slot, so keyboard shortcuts, the toolbar and linked scrolling reach them. */
export const controllers = new Map<number, SliceController>();
