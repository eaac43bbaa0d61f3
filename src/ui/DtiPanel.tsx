import type { Estimator } from '../core/dti/types';
import { findSeries } from '../core/dicom/findSeries';
import { useStudyStore } from '../state/studyStore';
import { isFittable } from '../services/dtiPipeline';
import { cancelDti } from '../services/dtiService';
import { useDtiStore } from '../state/dtiStore';
import { useSyncStore } from '../state/syncStore';
import { useViewportStore, type MapLayer } from '../state/viewportStore';
import { MAP_SPECS, mapSpec } from '../viewer/mapCatalog';
import { MAP_DRAG_TYPE } from './dragTypes';
import { MapDisplay } from './MapDisplay';
import { computeDtiForActive, showMapInActive } from './dtiActions';
import { MapGridButton } from './MapGridButton';

const ESTIMATORS: { value: Estimator; label: string }[] = [
  { value: 'ols', label: 'OLS (ordinary least squares)' },
  { value: 'wls', label: 'WLS (weighted, dipy default)' },
  { value: 'iwls', label: 'IWLS (iteratively reweighted, MRtrix3 default)' },
];

function progressText(stage: 'assemble' | 'fit', fraction: number, eta: number | null): string {
  const pct = `${Math.round(fraction * 100)} %`;
  if (stage === 'assemble') return `Reading images ${pct}`;
  return `Fitting tensors ${pct}${eta !== null ? ` · ETA ${Math.ceil(eta)} s` : ''}`;
}

/** DTI maps for the active viewport's diffusion series: estimator, mask, Compute with progress, map choice and display. */
export function DtiPanel() {
  const index = useStudyStore((s) => s.index);
  const active = useViewportStore((s) => s.active);
  const slot = useViewportStore((s) => s.slots[s.active]);
  const dti = useDtiStore();
  const linked = useSyncStore((s) => s.linked);
  const manual = useSyncStore((s) => s.manualOffsets !== null);
  const toggleLinked = useSyncStore((s) => s.toggleLinked);
  const series = findSeries(index, slot.seriesUID);
  const fittable = isFittable(series);
  const result = dti.result && dti.result.seriesUID === slot.seriesUID ? dti.result : null;
  const layer: MapLayer | null = slot.map;
  const running = dti.status === 'running';

  return (
    <section className="dti-panel" aria-label="DTI maps">
      {!series ? <p>Select a diffusion series.</p> : !fittable ? <p>{series.diffusionProblem ?? 'The active series is not a DTI series (needs ≥ 6 directions).'}</p> : null}
      <div className="row">
        <label>
          Estimator{' '}
          <select aria-label="Estimator" value={dti.estimator} disabled={running} onChange={(e) => dti.setEstimator(e.currentTarget.value as Estimator)}>
            {ESTIMATORS.map((e) => (
              <option key={e.value} value={e.value}>{e.label}</option>
            ))}
          </select>
        </label>
      </div>
      <div className="row">
        <label title="Factor on the Otsu threshold of the mean b0: lower keeps more dim tissue">
          Mask threshold{' '}
          <input
            aria-label="Mask threshold"
            type="number"
            min={0.1}
            max={3}
            step={0.05}
            value={dti.maskThreshold}
            disabled={running}
            onChange={(e) => dti.setMaskThreshold(Number(e.currentTarget.value) || 1)}
          />{' '}
          × Otsu
        </label>
      </div>
      <div className="row">
        <button type="button" disabled={!fittable || running} onClick={computeDtiForActive}>Compute DTI</button>
        {running ? <button type="button" onClick={cancelDti}>Cancel</button> : null}
      </div>
      {running && dti.progress ? (
        <div className="row" role="status" aria-label="DTI progress">
          <progress value={dti.progress.fraction} max={1} aria-label={dti.progress.stage === 'fit' ? 'Fit progress' : 'Read progress'} />
          <span>{progressText(dti.progress.stage, dti.progress.fraction, dti.progress.etaSeconds)}</span>
        </div>
      ) : null}
      {dti.status === 'cancelled' ? <p role="status">Cancelled.</p> : null}
      {dti.error ? <p role="alert">{dti.error}</p> : null}
      {result ? (
        <>
          <p role="status" aria-label="Fit summary">
            {`${result.estimator.toUpperCase()} · ${result.maps.counts.fitted} voxels · read ${result.seconds.assemble.toFixed(2)} s, fit ${result.seconds.fit.toFixed(2)} s`}
            {result.maps.counts.failed > 0 ? ` · ${result.maps.counts.failed} failed` : ''}
          </p>
          <div className="map-buttons" role="group" aria-label="Show map">
            {MAP_SPECS.map((m) => (
              <button
                key={m.name}
                type="button"
                aria-pressed={layer?.map === m.name}
                onClick={() => showMapInActive(m.name)}
                draggable
                onDragStart={(e) => {
                  e.dataTransfer.setData(MAP_DRAG_TYPE, m.name);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                title={`Show ${m.label} here, or drag it onto a viewport`}
              >
                {m.label}
              </button>
            ))}
            <button type="button" aria-pressed={!layer} onClick={() => useViewportStore.getState().showMap(active, result.seriesUID, null)}>
              Images
            </button>
            <MapGridButton model="dti" />
          </div>
        </>
      ) : null}
      {layer && !mapSpec(layer.map).model ? <MapDisplay layer={layer} baseLabel="b0" /> : null}
      <div className="row">
        <label>
          <input type="checkbox" checked={linked} onChange={toggleLinked} /> Linked scrolling (k)
        </label>
        {manual ? <span aria-label="Manual sync">Manual sync locked (y)</span> : null}
      </div>
    </section>
  );
}

