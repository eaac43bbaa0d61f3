import { DEFAULT_LAYER, type MapLayer, type Orientation } from '../state/viewportStore';
import { mapSpec, type MapName } from './mapCatalog';

/**
 * Default threshold for fusing a map, in its display unit: FA 0.2 (white matter), diffusivities
 * 1000 × 10⁻⁶ mm²/s (tissue below free water), every other map 0 (all of it shown).
 */
export function defaultThreshold(map: MapName): number {
  if (map === 'fa') return 0.2;
  return mapSpec(map).unit === '10⁻⁶ mm²/s' ? 1000 : 0;
}

/** A map as first shown: its catalogue colour map, alone (not fused), its default threshold, in `orientation`. */
export function defaultLayer(map: MapName, orientation: Orientation): MapLayer {
  return { ...DEFAULT_LAYER, map, colormap: mapSpec(map).colormap, threshold: defaultThreshold(map), orientation };
}
