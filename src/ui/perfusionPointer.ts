import { curveAt, moveInput } from '../services/perfusionService';
import { usePerfusionStore } from '../state/perfusionStore';
import { useViewportStore } from '../state/viewportStore';
import { controllers } from '../viewer/SliceController';

/** Whether viewport `slot` shows the computed perfusion series (its images or its maps). */
function showsPerfusion(slot: number): boolean {
  const result = usePerfusionStore.getState().result;
  return result !== null && useViewportStore.getState().slots[slot]?.seriesUID === result.seriesUID;
}

/**
 * A press on viewport `slot` at canvas (x, y) CSS pixels while the reader is placing the AIF or
 * VOF: the input moves there and the maps are computed again. True when the press was taken.
 */
export function perfusionPointerDown(slot: number, x: number, y: number): boolean {
  const { picking } = usePerfusionStore.getState();
  if (!picking || !showsPerfusion(slot)) return false;
  const point = controllers.get(slot)?.canvasToWorld(x, y);
  if (!point) return false;
  void moveInput(picking, point);
  return true;
}

/** The pointer moved over viewport `slot`: the curves panel shows the time curve of the voxel under it. */
export function perfusionPointerMove(slot: number, x: number, y: number): void {
  if (!showsPerfusion(slot)) return;
  const point = controllers.get(slot)?.canvasToWorld(x, y);
  const curve = point ? curveAt(point) : null;
  if (curve) usePerfusionStore.getState().set({ cursorCurve: curve });
}
