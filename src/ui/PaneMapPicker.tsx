import { showPerfusionMapIn } from '../services/perfusionService';
import type { MapLayer } from '../state/viewportStore';
import { mapSpec, type MapName } from '../viewer/mapCatalog';
import type { PerfusionMapName } from '../core/maps/mapCatalog';
import { showMapIn } from './dtiActions';
import { MAP_GRID_CHOICES, modelOfMap } from './mapGrid';

/** The map of one viewport, chosen in the viewport itself (the map grid's panes: CBF → MTT, TTP …), from its model's catalogue. */
export function PaneMapPicker({ slot, layer }: { slot: number; layer: MapLayer }) {
  const model = modelOfMap(layer.map);
  const choose = (name: MapName) => (model === 'perfusion' ? showPerfusionMapIn(slot, name as PerfusionMapName) : showMapIn(slot, name));
  return (
    <select className="pane-map-picker" aria-label={`Map of viewport ${slot + 1}`} value={layer.map} onChange={(e) => choose(e.currentTarget.value as MapName)}>
      {MAP_GRID_CHOICES[model].map((name) => (
        <option key={name} value={name}>
          {mapSpec(name).label}
        </option>
      ))}
    </select>
  );
}
