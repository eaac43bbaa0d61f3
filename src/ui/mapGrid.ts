import type { MapSet } from '../viewer/mapSet';
import { findSeries } from '../core/dicom/findSeries';
import { useStudyStore } from '../state/studyStore';
import { useDtiStore } from '../state/dtiStore';
import { useMapGridStore, type MapGridModel } from '../state/mapGridStore';
import { usePerfusionStore } from '../state/perfusionStore';
import { useSyncStore } from '../state/syncStore';
import { useViewportStore, type Orientation, type ViewportSlot } from '../state/viewportStore';
import { MAP_SPECS, mapSpec, type MapName } from '../viewer/mapCatalog';
import { PERFUSION_MAP_SPECS } from '../core/maps/mapCatalog';
import { defaultLayer } from '../viewer/mapLayerDefaults';
import { controllers } from '../viewer/SliceController';

/**
 * The 2×2 map grid: one action shows four maps of one computation side by side — CBF, CBV, Tmax,
 * PS of a CT perfusion (the core / penumbra / BBB reading), FA, MD, AD, RD of a DTI fit (the
 * trial's four diffusion measures) — on the same slice, scrolled together, each with its own
 * colour map, window and colourbar; ROIs are the same records in every pane. Leaving it puts
 * back the layout and viewports the reader had.
 */
export const MAP_GRID_MAPS: Record<MapGridModel, MapName[]> = {
  perfusion: ['cbf', 'cbv', 'tmax', 'ps'],
  dti: ['fa', 'md', 'ad', 'rd'],
};

/** The maps a pane of the grid can be switched to, in catalogue order. */
export const MAP_GRID_CHOICES: Record<MapGridModel, MapName[]> = {
  perfusion: PERFUSION_MAP_SPECS.map((s) => s.name),
  dti: MAP_SPECS.map((s) => s.name),
};

/** The model that made map `name`. */
export function modelOfMap(name: MapName): MapGridModel {
  return mapSpec(name).model === 'perfusion' ? 'perfusion' : 'dti';
}

/**
 * The four slots of a grid of `maps` of series `seriesUID` in `orientation`, row-major. A map the
 * viewports already show of that series keeps its display choices (colour map, fusion, opacity,
 * threshold); the others start as the catalogue shows them first. Every slot is a new object, so
 * every pane shows (and is brought to the reader's slice) anew.
 */
export function mapGridSlots(seriesUID: string, maps: MapName[], orientation: Orientation, current: ViewportSlot[]): ViewportSlot[] {
  return maps.map((map) => {
    const shown = current.find((s) => s.seriesUID === seriesUID && s.map?.map === map)?.map;
    return { seriesUID, volume: 0, map: shown ? { ...shown, orientation } : defaultLayer(map, orientation) };
  });
}

/**
 * Which computation a grid shows when the reader does not say: the one of the active viewport's
 * series, else the perfusion maps, else the DTI fit; null when neither is computed.
 */
export function gridModelFor(activeSeriesUID: string | null, perfusion: MapSet | null, dti: MapSet | null): MapGridModel | null {
  if (perfusion && perfusion.seriesUID === activeSeriesUID) return 'perfusion';
  if (dti && dti.seriesUID === activeSeriesUID) return 'dti';
  return perfusion ? 'perfusion' : dti ? 'dti' : null;
}

function mapSetOf(model: MapGridModel): MapSet | null {
  return model === 'perfusion' ? usePerfusionStore.getState().result : useDtiStore.getState().result;
}

/** True while the grid is on screen (the reader may have left it through another layout). */
export function mapGridShown(model?: MapGridModel): boolean {
  const grid = useMapGridStore.getState().model;
  return grid !== null && useViewportStore.getState().layout === '2x2' && (model === undefined || grid === model);
}

/**
 * Shows the 2×2 grid of `model`'s maps on the active viewport's slice and orientation, linked
 * scrolling on. What the viewports showed is kept to put back (switching a shown grid to the other
 * model keeps what was there before the first). Returns false when that model has no maps yet.
 */
export function showMapGrid(model: MapGridModel): boolean {
  const result = mapSetOf(model);
  if (!result) return false;
  const viewports = useViewportStore.getState();
  const grid = useMapGridStore.getState();
  const sync = useSyncStore.getState();
  const saved = mapGridShown() && grid.saved ? grid.saved : { layout: viewports.layout, slots: viewports.slots, active: viewports.active, linked: sync.linked };
  const active = viewports.slots[viewports.active];
  const orientation = active.map?.orientation ?? active.orientation ?? 'axial';
  // The slice the reader is on, when the active viewport shows this series (its images or its maps).
  const point = active.seriesUID === result.seriesUID ? controllers.get(viewports.active)?.slicePlane()?.point : undefined;
  const slots = mapGridSlots(result.seriesUID, MAP_GRID_MAPS[model], orientation, viewports.slots);
  grid.set({ model, saved, pendingSlice: point ? { point, slots: slots.map((_, i) => i) } : null });
  if (!sync.linked) sync.toggleLinked();
  viewports.setViewports('2x2', slots, 0);
  return true;
}

/**
 * Puts back the layout, viewports and linked scrolling the reader had before the grid; a viewport
 * whose series is no longer open (another study was opened meanwhile) comes back empty.
 */
export function leaveMapGrid(): void {
  const { saved } = useMapGridStore.getState();
  useMapGridStore.getState().set({ model: null, saved: null, pendingSlice: null });
  if (!saved) return;
  const { index } = useStudyStore.getState();
  const slots = saved.slots.map((s) => (s.seriesUID === null || findSeries(index, s.seriesUID) ? s : { seriesUID: null, volume: 0, map: null }));
  useViewportStore.getState().setViewports(saved.layout, slots, saved.active);
  const sync = useSyncStore.getState();
  if (sync.linked !== saved.linked) sync.toggleLinked();
}

/**
 * The grid's one action (panel buttons, toolbar, key): leaves a shown grid of `model` (of any
 * model when not given), else shows one — of `model`, or of the computation the active viewport
 * belongs to. Returns false when there are no maps to show.
 */
export function toggleMapGrid(model?: MapGridModel): boolean {
  if (mapGridShown(model)) {
    leaveMapGrid();
    return true;
  }
  const v = useViewportStore.getState();
  const chosen = model ?? gridModelFor(v.slots[v.active].seriesUID, usePerfusionStore.getState().result, useDtiStore.getState().result);
  return chosen ? showMapGrid(chosen) : false;
}

/** A pane showed its map: a grid pane made anew goes to the reader's slice (once; scrolling is the reader's after that). */
export function mapShownIn(slot: number): void {
  const { pendingSlice, set } = useMapGridStore.getState();
  if (!pendingSlice?.slots.includes(slot)) return;
  controllers.get(slot)?.jumpTo(pendingSlice.point);
  const slots = pendingSlice.slots.filter((s) => s !== slot);
  set({ pendingSlice: slots.length > 0 ? { ...pendingSlice, slots } : null });
}
