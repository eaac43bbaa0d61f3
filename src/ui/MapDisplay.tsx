import { useViewportStore, type MapLayer, type Orientation } from '../state/viewportStore';
import { COLORMAP_LABELS, COLORMAP_NAMES, type ColormapName } from '../viewer/colormaps';
import { mapSpec } from '../viewer/mapCatalog';

const ORIENTATIONS: Orientation[] = ['axial', 'coronal', 'sagittal'];

/**
 * Display of the map in the active viewport: orientation, colour map, fusion over the base image
 * (`baseLabel`: 'b0' for DTI, 'CT' for perfusion) with opacity and threshold in the map's unit.
 */
export function MapDisplay({ layer, baseLabel }: { layer: MapLayer; baseLabel: string }) {
  const active = useViewportStore((s) => s.active);
  const updateLayer = useViewportStore((s) => s.updateLayer);
  const set = (change: Partial<MapLayer>) => updateLayer(active, change);
  return (
    <fieldset className="map-display">
      <legend>{`Display · ${mapSpec(layer.map).label}`}</legend>
      <div className="row" role="group" aria-label="Orientation">
        {ORIENTATIONS.map((o) => (
          <button key={o} type="button" aria-pressed={layer.orientation === o} onClick={() => set({ orientation: o })} title={`${o} (${o[0]})`}>
            {o[0].toUpperCase() + o.slice(1)}
          </button>
        ))}
      </div>
      {layer.map !== 'colfa' ? (
        <label>
          Colour map{' '}
          <select aria-label="Colour map" value={layer.colormap} onChange={(e) => set({ colormap: e.currentTarget.value as ColormapName })}>
            {COLORMAP_NAMES.map((c) => (
              <option key={c} value={c}>{COLORMAP_LABELS[c]}</option>
            ))}
          </select>
        </label>
      ) : null}
      {layer.map !== 'b0' && layer.map !== 'colfa' ? (
        <>
          <label>
            <input type="checkbox" checked={layer.fused} onChange={(e) => set({ fused: e.currentTarget.checked })} /> {`Fuse over ${baseLabel}`}
          </label>
          <label>
            Opacity{' '}
            <input aria-label="Opacity" type="range" min={0} max={1} step={0.05} value={layer.opacity} disabled={!layer.fused} onChange={(e) => set({ opacity: Number(e.currentTarget.value) })} />
          </label>
          <label>
            Threshold{' '}
            <input aria-label="Threshold" type="number" step="any" value={layer.threshold} disabled={!layer.fused} onChange={(e) => set({ threshold: Number(e.currentTarget.value) })} />{' '}
            {mapSpec(layer.map).unit}
          </label>
        </>
      ) : null}
    </fieldset>
  );
}
