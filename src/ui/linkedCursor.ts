import type { Vec3 } from '../core/math/types';
import { useCursorStore } from '../state/cursorStore';
import { controllers } from '../viewer/SliceController';
import { linkShift, visibleSlots } from './linkedScroll';

const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** The mouse is at canvas point (x, y) (CSS pixels) of viewport `slot`: the LPS point under it becomes the linked cursor. */
export function setCursorAt(slot: number, x: number, y: number): void {
  const point = controllers.get(slot)?.canvasToWorld(x, y) ?? null;
  const { cursor, setCursor } = useCursorStore.getState();
  if (point) setCursor({ slot, point });
  else if (cursor?.slot === slot) setCursor(null);
}

/** The mouse left viewport `slot`. */
export function clearCursor(slot: number): void {
  const { cursor, setCursor } = useCursorStore.getState();
  if (cursor?.slot === slot) setCursor(null);
}

/**
 * Where viewport `slot` marks the cursor of another viewport: the LPS point (shifted by a manual-sync
 * offset between frames, as the crosshair is) and its canvas point (CSS pixels); null when no other
 * viewport has the mouse, `slot` is hidden or not linked to it, or the point is not on `slot`'s slice
 * (more than half a slice off its plane: the mark would point at tissue that pane does not show).
 */
export function linkedCursorIn(slot: number): { point: Vec3; canvas: [number, number] } | null {
  const { cursor } = useCursorStore.getState();
  if (!cursor || cursor.slot === slot || !visibleSlots().includes(slot)) return null;
  const shift = linkShift(cursor.slot, slot);
  const controller = controllers.get(slot);
  const plane = controller?.slicePlane();
  if (shift === null || !controller || !plane) return null;
  const point = cursor.point.map((p, i) => p + plane.normal[i] * shift) as Vec3;
  if (Math.abs(dot(point, plane.normal) - dot(plane.point, plane.normal)) > plane.spacing / 2 + 1e-6) return null;
  const canvas = controller.worldToCanvas(point);
  return canvas ? { point, canvas } : null;
}
