import type { Vec3 } from '../core/math/types';
import { findSeries } from '../core/dicom/findSeries';
import { useStudyStore } from '../state/studyStore';
import { useSyncStore } from '../state/syncStore';
import { LAYOUT_CELLS, useViewportStore } from '../state/viewportStore';
import { controllers } from '../viewer/SliceController';

const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

export function visibleSlots(): number[] {
  const { rows, cols } = LAYOUT_CELLS[useViewportStore.getState().layout];
  return Array.from({ length: rows * cols }, (_, i) => i);
}

function frameOf(slot: number): string | null {
  const uid = useViewportStore.getState().slots[slot]?.seriesUID ?? null;
  return findSeries(useStudyStore.getState().index, uid)?.frameOfReferenceUID ?? null;
}

/**
 * How a location in viewport `from` carries over to viewport `to`: the shift in mm along the slice
 * normal — the locked manual-sync offset between them (timepoints in different frames of
 * reference), 0 when they share a frame of reference — or null when they are not linked.
 */
export function linkShift(from: number, to: number): number | null {
  const { manualOffsets } = useSyncStore.getState();
  if (manualOffsets && to in manualOffsets && from in manualOffsets) return manualOffsets[to] - manualOffsets[from];
  const frame = frameOf(to);
  return frame !== null && frame === frameOf(from) ? 0 : null;
}

/**
 * After the reader scrolls viewport `from`, moves every other visible viewport with a parallel
 * slice plane to the same location: automatically when they share the frame of reference, or
 * with the locked offset when the reader synced them by hand (timepoints in different frames).
 */
export function propagateSlice(from: number): void {
  const { linked } = useSyncStore.getState();
  const source = controllers.get(from)?.slicePlane();
  if (!linked || !source) return;
  for (const slot of visibleSlots()) {
    if (slot === from) continue;
    const target = controllers.get(slot);
    const plane = target?.slicePlane();
    // Different orientations cross rather than stack: no slice to follow (that is the crosshair's job).
    if (!target || !plane || Math.abs(dot(plane.normal, source.normal)) < 0.99) continue;
    const shift = linkShift(from, slot);
    if (shift === null) continue;
    target.jumpTo(source.point.map((p, i) => p + source.normal[i] * shift) as Vec3);
  }
}

/** Locks (or unlocks) manual sync: the visible viewports keep their present slice offsets while scrolled together. */
export function toggleManualSync(): void {
  const sync = useSyncStore.getState();
  if (sync.manualOffsets) {
    sync.setManualOffsets(null);
    return;
  }
  const offsets: Record<number, number> = {};
  for (const slot of visibleSlots()) {
    const plane = controllers.get(slot)?.slicePlane();
    if (plane) offsets[slot] = dot(plane.point, plane.normal);
  }
  sync.setManualOffsets(offsets);
}
