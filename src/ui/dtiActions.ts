import { findSeries } from '../core/dicom/findSeries';
import { useStudyStore } from '../state/studyStore';
import { computeDti } from '../services/dtiService';
import { useDtiStore } from '../state/dtiStore';
import { DEFAULT_LAYER, useViewportStore, type MapLayer } from '../state/viewportStore';
import { mapSpec, type MapName } from '../viewer/mapCatalog';
import { defaultThreshold } from '../viewer/mapLayerDefaults';


/** Fits the active viewport's series and shows its FA there when done. */
export async function computeDtiForActive(): Promise<void> {
  const { active, slots, showMap } = useViewportStore.getState();
  const { index, sources } = useStudyStore.getState();
  const series = findSeries(index, slots[active].seriesUID);
  if (!series) return;
  const result = await computeDti(series, sources);
  if (!result) return;
  // Only one fit is kept (its volumes replace the previous fit's): maps of another series go back to images.
  useViewportStore.getState().slots.forEach((s, slot) => {
    if (s.map && s.seriesUID && s.seriesUID !== result.seriesUID) showMap(slot, s.seriesUID, null);
  });
  showMap(active, result.seriesUID, { ...DEFAULT_LAYER, map: 'fa', colormap: mapSpec('fa').colormap, threshold: defaultThreshold('fa') });
}

/** Shows map `name` of the current fit in viewport `slot`, keeping its display choices (orientation, colour map, fusion). */
export function showMapIn(slot: number, name: MapName): void {
  const result = useDtiStore.getState().result;
  if (!result) return;
  const { slots, showMap } = useViewportStore.getState();
  const current: MapLayer = slots[slot].map ?? DEFAULT_LAYER;
  const sameMap = current.map === name;
  showMap(slot, result.seriesUID, { ...current, map: name, threshold: sameMap ? current.threshold : defaultThreshold(name) });
}

/** `showMapIn` the active viewport. */
export function showMapInActive(name: MapName): void {
  showMapIn(useViewportStore.getState().active, name);
}
