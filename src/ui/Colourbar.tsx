import type { MapLayer, ViewportReadout } from '../state/viewportStore';
import { cssGradient } from '../viewer/colormaps';
import { mapSpec } from '../viewer/mapCatalog';

const label = (v: number, decimals: number) => v.toFixed(Math.abs(v) >= 100 ? 0 : decimals);

/** Vertical colourbar of a viewport's DTI map: current window ends in display units, unit caption. Colour FA gets its axis legend. */
export function Colourbar({ layer, readout }: { layer: MapLayer; readout: ViewportReadout }) {
  const spec = mapSpec(layer.map);
  if (layer.map === 'colfa') {
    return (
      <div className="colourbar rgb" role="img" aria-label="Colour FA legend: red i (left–right), green j (anterior–posterior), blue k (superior–inferior)">
        <span style={{ color: '#f44' }}>R i</span> <span style={{ color: '#4f4' }}>G j</span> <span style={{ color: '#48f' }}>B k</span>
      </div>
    );
  }
  const low = readout.wc - readout.ww / 2;
  const high = readout.wc + readout.ww / 2;
  const unit = spec.unit || 'unitless';
  const decimals = spec.name === 'fa' ? 2 : 0;
  return (
    <div className="colourbar" role="img" aria-label={`Colourbar ${spec.label} ${label(low, decimals)} to ${label(high, decimals)} ${unit}`}>
      <span className="colourbar-high">{label(high, decimals)}</span>
      <div className="colourbar-ramp" style={{ background: cssGradient(layer.colormap) }} />
      <span className="colourbar-low">{label(low, decimals)}</span>
      <span className="colourbar-unit">{`${spec.label} ${unit}`}</span>
    </div>
  );
}
