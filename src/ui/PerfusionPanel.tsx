import { PERFUSION_MAP_SPECS, type PerfusionMapName } from '../core/maps/mapCatalog';
import { automaticInputs, cancelPerfusion, computePerfusionForActive, isPerfusionSeries, showPerfusionMapIn } from '../services/perfusionService';
import { usePerfusionStore, type InputCurve } from '../state/perfusionStore';
import { findSeries } from '../core/dicom/findSeries';
import { useStudyStore } from '../state/studyStore';
import { useViewportStore } from '../state/viewportStore';
import { mapSpec } from '../viewer/mapCatalog';
import { MAP_DRAG_TYPE } from './dragTypes';
import { MapDisplay } from './MapDisplay';
import { MapGridButton } from './MapGridButton';
import { PerfusionCurves } from './PerfusionCurves';
import { PerfusionVolumesView } from './PerfusionVolumesView';
import './perfusion.css';

const STAGE_TEXT = { assemble: 'Reading images', compute: 'Computing maps' } as const;

const inputText = (c: InputCurve) => `${c.voxel.join(',')} (${c.lpsMm.map((v) => v.toFixed(1)).join(', ')} mm LPS) · ${c.automatic ? 'automatic' : 'placed by reader'}`;

/**
 * CT perfusion of the active viewport's CTP series: Compute with progress, the maps (CBF, CBV,
 * MTT, Tmax, TTP, PS) to show or drag onto a viewport, the arterial input and venous output
 * (move them by clicking a vessel), display and the thresholded volumes.
 */
export function PerfusionPanel() {
  const index = useStudyStore((s) => s.index);
  const active = useViewportStore((s) => s.active);
  const slot = useViewportStore((s) => s.slots[s.active]);
  const p = usePerfusionStore();
  const series = findSeries(index, slot.seriesUID);
  const ctp = isPerfusionSeries(series);
  const result = p.result && p.result.seriesUID === slot.seriesUID ? p.result : null;
  const layer = slot.map && mapSpec(slot.map.map).model === 'perfusion' ? slot.map : null;
  const running = p.status === 'running';
  return (
    <section className="perfusion-panel" aria-label="Perfusion">
      {!ctp ? <p>Select a CT perfusion series to compute its maps.</p> : null}
      <div className="row">
        <button type="button" disabled={!ctp || running} onClick={() => void computePerfusionForActive()}>Compute perfusion</button>
        {running ? <button type="button" onClick={cancelPerfusion}>Cancel</button> : null}
      </div>
      {running && p.progress ? (
        <div className="row" role="status" aria-label="Perfusion progress">
          <progress value={p.progress.fraction} max={1} aria-label={`${STAGE_TEXT[p.progress.stage]} progress`} />
          <span>{`${STAGE_TEXT[p.progress.stage]} ${Math.round(p.progress.fraction * 100)} %${p.progress.etaSeconds !== null ? ` · ETA ${Math.ceil(p.progress.etaSeconds)} s` : ''}`}</span>
        </div>
      ) : null}
      {p.status === 'cancelled' ? <p role="status">Cancelled.</p> : null}
      {p.error ? <p role="alert">{p.error}</p> : null}
      {result ? (
        <>
          <p role="status" aria-label="Perfusion summary">
            {`${result.tissueVoxels} tissue voxels · read ${result.seconds.assemble.toFixed(2)} s, maps ${result.seconds.compute.toFixed(2)} s`}
          </p>
          <div className="map-buttons" role="group" aria-label="Show perfusion map">
            {PERFUSION_MAP_SPECS.map((m) => (
              <button
                key={m.name}
                type="button"
                aria-pressed={layer?.map === m.name}
                onClick={() => showPerfusionMapIn(active, m.name as PerfusionMapName)}
                draggable
                onDragStart={(e) => {
                  e.dataTransfer.setData(MAP_DRAG_TYPE, m.name);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                title={`Show ${m.label} (${m.unit}) here, or drag it onto a viewport`}
              >
                {m.label}
              </button>
            ))}
            <button type="button" aria-pressed={!slot.map} onClick={() => useViewportStore.getState().showMap(active, result.seriesUID, null)}>
              Images
            </button>
            <MapGridButton model="perfusion" />
          </div>
          <dl className="perfusion-inputs">
            <dt>AIF</dt>
            <dd aria-label="AIF location">{inputText(result.aif)}</dd>
            <dt>VOF</dt>
            <dd aria-label="VOF location">{result.vof ? inputText(result.vof) : 'none (no partial-volume correction)'}</dd>
          </dl>
          <div className="row" role="group" aria-label="Place inputs">
            <button type="button" aria-pressed={p.picking === 'aif'} disabled={running} onClick={() => p.set({ picking: p.picking === 'aif' ? null : 'aif' })} title="Then click an artery on the CTP or a map">
              Move AIF
            </button>
            <button type="button" aria-pressed={p.picking === 'vof'} disabled={running} onClick={() => p.set({ picking: p.picking === 'vof' ? null : 'vof' })} title="Then click a vein (sinus) on the CTP or a map">
              Move VOF
            </button>
            <button type="button" disabled={running || (result.aif.automatic && (result.vof?.automatic ?? true))} onClick={() => void automaticInputs()}>
              Automatic
            </button>
          </div>
          {p.picking ? <p role="status" aria-label="Picking">{`Click a ${p.picking === 'aif' ? 'artery' : 'vein'} on the perfusion series.`}</p> : null}
          <PerfusionCurves />
          <PerfusionVolumesView />
        </>
      ) : null}
      {layer ? <MapDisplay layer={layer} baseLabel="CT" /> : null}
    </section>
  );
}
