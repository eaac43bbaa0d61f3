import { useEffect, useRef, useState } from 'react';
import { findSeries, useStudyStore } from '../state/studyStore';
import { usePreferencesStore } from '../state/preferencesStore';
import { useViewportStore, type ViewportReadout } from '../state/viewportStore';
import { initCornerstone } from '../viewer/initCornerstone';
import { useCineStore } from '../state/cineStore';
import { useDtiStore } from '../state/dtiStore';
import { MapController } from '../viewer/MapController';
import { mapSpec } from '../viewer/mapCatalog';
import { controllers } from '../viewer/SliceController';
import { StackController } from '../viewer/StackController';
import { Colourbar } from './Colourbar';
import { propagateSlice } from './linkedScroll';
import { displaySeries } from '../viewer/seriesImageIds';
import { scaleBar } from '../viewer/scaleBar';
import { formatDate, formatPersonName, kindBadge } from './seriesLabels';

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1));

/** One viewport cell: the Cornerstone canvas (stack of a series, or volume of a DTI map) plus its corner overlays. */
export function ViewportPane({ slot }: { slot: number }) {
  const element = useRef<HTMLDivElement>(null);
  const [controller, setController] = useState<StackController | MapController | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const { seriesUID, volume, map } = useViewportStore((s) => s.slots[slot]);
  const isActive = useViewportStore((s) => s.active === slot);
  const setActive = useViewportStore((s) => s.setActive);
  const readout = useViewportStore((s) => s.readouts[slot]);
  const index = useStudyStore((s) => s.index);
  const sources = useStudyStore((s) => s.sources);
  const blinded = usePreferencesStore((s) => s.blinded);
  const result = useDtiStore((s) => s.result);
  const cine = useCineStore((s) => s.slot === slot);
  const mode = map ? 'map' : 'stack';

  useEffect(() => {
    let live = true;
    let created: StackController | MapController | null = null;
    let observer: ResizeObserver | null = null;
    let lastLocation: number | null = null;
    const onReadout = (r: ViewportReadout | null) => {
      if (!r) return;
      useViewportStore.getState().report(slot, r);
      // Only the viewport the reader is driving leads linked scrolling, so followers never echo back.
      if (r.location !== lastLocation && useViewportStore.getState().active === slot) propagateSlice(slot);
      lastLocation = r.location;
    };
    initCornerstone()
      .then((engine) => {
        if (!live || !element.current) return;
        created =
          mode === 'map'
            ? new MapController(engine, `viewport-${slot}-map`, element.current, onReadout, (probe) =>
                useViewportStore.getState().setProbe(slot, probe),
              )
            : new StackController(engine, `viewport-${slot}`, element.current, onReadout);
        controllers.set(slot, created);
        setController(created);
        // Layout changes resize the cell: Cornerstone must resize its canvases or the image is stretched.
        observer = new ResizeObserver(() => engine.resize(true, true));
        observer.observe(element.current);
      })
      .catch((e: unknown) => setFailure(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
      observer?.disconnect();
      if (created) {
        controllers.delete(slot);
        created.destroy();
      }
      setController(null);
    };
  }, [slot, mode]);

  const series = findSeries(index, seriesUID);
  useEffect(() => {
    if (!(controller instanceof StackController) || !series) return;
    let live = true;
    setFailure(null);
    displaySeries(series, sources)
      .then((display) => (live ? controller.show(display, Math.min(volume, display.volumes.length - 1)) : undefined))
      .catch((e: unknown) => live && setFailure(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [controller, series, sources, volume]);

  useEffect(() => {
    if (!(controller instanceof MapController) || !map || !result || result.seriesUID !== seriesUID) return;
    setFailure(null);
    controller.show(result, map).catch((e: unknown) => setFailure(e instanceof Error ? e.message : String(e)));
  }, [controller, map, result, seriesUID]);

  const patient = index?.patients.find((p) => p.studies.some((st) => st.series.some((se) => se === series)));
  const study = patient?.studies.find((st) => st.series.some((se) => se === series));
  return (
    <div
      className={isActive ? 'viewport active' : 'viewport'}
      role="region"
      aria-label={`Viewport ${slot + 1}`}
      onMouseDown={() => setActive(slot)}
      onWheel={() => setActive(slot)}
      onContextMenu={(e) => e.preventDefault()}
    >
      <div ref={element} className="viewport-element" data-testid={`viewport-element-${slot}`} />
      {series ? (
        <>
          <div className="overlay tl" aria-label="Patient and study">
            {blinded ? (
              <div data-phi="patient-name">BLINDED</div>
            ) : (
              <>
                <div data-phi="patient-name">{formatPersonName(patient?.patientName ?? '')}</div>
                <div>{patient?.patientId}</div>
              </>
            )}
            <div>{study ? `${blinded ? '' : formatDate(study.studyDate)} ${study.description}` : ''}</div>
            <div>{`Se ${series.seriesNumber ?? '–'} ${series.description}`}</div>
          </div>
          <div className="overlay tr">
            <div>{series.modality} · {kindBadge(series)}</div>
            {map ? <div aria-label="Map shown">{`${mapSpec(map.map).label}${map.fused && map.map !== 'b0' ? ' on b0' : ''} · ${map.orientation}`}</div> : null}
            {!map && readout?.bValue != null ? <div>{`Vol ${readout.volume + 1}/${readout.volumeCount} · b=${Math.round(readout.bValue)}`}</div> : null}
            {cine ? <div aria-label="Cine">▶ Cine</div> : null}
          </div>
          {readout ? <ReadoutOverlays readout={readout} /> : null}
          {map && readout ? <Colourbar layer={map} readout={readout} /> : null}
        </>
      ) : (
        <div className="viewport-empty">{index ? 'Select a series' : ''}</div>
      )}
      {failure ? <div className="viewport-error" role="alert">{failure}</div> : null}
    </div>
  );
}

function ReadoutOverlays({ readout }: { readout: ViewportReadout }) {
  const bar = readout.mmPerPixel ? scaleBar(readout.mmPerPixel, 120) : null;
  return (
    <>
      <div className="overlay bl">
        {readout.probe ? <div aria-label="Probe">{readout.probe}</div> : null}
        <div aria-label="Slice">{`Im ${readout.slice + 1}/${readout.sliceCount}`}</div>
        {readout.location !== null ? <div aria-label="Slice location">{`Loc ${fmt(readout.location)} mm`}</div> : null}
        <div aria-label="Window level">{`W ${Math.round(readout.ww)} L ${Math.round(readout.wc)}${readout.inverted ? ' INV' : ''}`}</div>
      </div>
      <div className="overlay br">
        {bar ? (
          <div className="scalebar" aria-label={`Scale ${bar.mm} mm`}>
            <div className="scalebar-line" style={{ width: `${bar.pixels}px` }} />
            <span>{bar.mm} mm</span>
          </div>
        ) : null}
      </div>
      {readout.edges ? (
        <>
          <div className="orient left" aria-label="Left edge orientation">{readout.edges.left}</div>
          <div className="orient right" aria-label="Right edge orientation">{readout.edges.right}</div>
          <div className="orient top" aria-label="Top edge orientation">{readout.edges.top}</div>
          <div className="orient bottom" aria-label="Bottom edge orientation">{readout.edges.bottom}</div>
        </>
      ) : null}
    </>
  );
}
