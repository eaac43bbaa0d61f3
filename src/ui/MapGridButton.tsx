import { useDtiStore } from '../state/dtiStore';
import { useMapGridStore, type MapGridModel } from '../state/mapGridStore';
import { usePerfusionStore } from '../state/perfusionStore';
import { useViewportStore } from '../state/viewportStore';
import { MAP_GRID_MAPS, toggleMapGrid } from './mapGrid';
import { mapSpec } from '../viewer/mapCatalog';

/**
 * The map grid's button: in a panel for its model (`model`), in the toolbar's layouts for
 * whichever maps the active viewport belongs to. Pressed while the grid is shown; pressing it
 * again puts back the layout before.
 */
export function MapGridButton({ model }: { model?: MapGridModel }) {
  const gridModel = useMapGridStore((s) => s.model);
  const layout = useViewportStore((s) => s.layout);
  const perfusion = usePerfusionStore((s) => s.result !== null);
  const dti = useDtiStore((s) => s.result !== null);
  const shown = gridModel !== null && layout === '2x2' && (model === undefined || gridModel === model);
  const available = model === 'perfusion' ? perfusion : model === 'dti' ? dti : perfusion || dti;
  const names = (m: MapGridModel) => MAP_GRID_MAPS[m].map((n) => mapSpec(n).label).join(', ');
  const what = model ? names(model) : `${names('perfusion')} or ${names('dti')}`;
  return (
    <button
      type="button"
      aria-label={model ? 'Maps 2×2' : 'Layout maps 2×2'}
      aria-pressed={shown}
      disabled={!available && !shown}
      onClick={() => toggleMapGrid(model)}
      title={shown ? 'Back to the layout before the map grid (Shift+M)' : `Four maps side by side, scrolled together: ${what} (Shift+M)`}
    >
      {model ? 'Maps 2×2' : 'Maps'}
    </button>
  );
}
