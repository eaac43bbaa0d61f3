import type { Vec3 } from '../core/math/types';
import { useSyncStore } from '../state/syncStore';
import { controllers } from '../viewer/SliceController';
import { linkShift, visibleSlots } from './linkedScroll';

/**
 * The crosshair point as viewport `slot` shows it (LPS mm in that viewport's frame): the point
 * itself in the viewport it was set in and in any of the same frame of reference; shifted along
 * the slot's slice normal by the manual-sync offset for a timepoint in another frame; null when
 * the slot is not linked to the one the point was set in.
 */
export function crosshairPointIn(slot: number): Vec3 | null {
  const { crosshair } = useSyncStore.getState();
  if (!crosshair) return null;
  if (slot === crosshair.slot) return crosshair.point;
  const shift = linkShift(crosshair.slot, slot);
  if (shift === null) return null;
  if (shift === 0) return crosshair.point;
  const normal = controllers.get(slot)?.slicePlane()?.normal;
  return normal ? (crosshair.point.map((p, i) => p + normal[i] * shift) as Vec3) : null;
}

/**
 * Sets the crosshair at canvas point (x, y) (CSS pixels) of viewport `slot` and moves every other
 * linked, visible viewport to the slice holding it; each viewport then draws the cross there.
 */
export function setCrosshairAt(slot: number, x: number, y: number): void {
  const point = controllers.get(slot)?.canvasToWorld(x, y);
  if (!point) return;
  useSyncStore.getState().setCrosshair({ point, slot });
  for (const other of visibleSlots()) {
    if (other === slot) continue;
    const target = crosshairPointIn(other);
    if (target) controllers.get(other)?.jumpTo(target);
  }
}

/** Where viewport `slot` draws the cross (canvas CSS pixels), null when the crosshair is off or not linked to it. */
export function crosshairCanvas(slot: number): [number, number] | null {
  if (!useSyncStore.getState().crosshairOn) return null;
  const point = crosshairPointIn(slot);
  return point ? (controllers.get(slot)?.worldToCanvas(point) ?? null) : null;
}
