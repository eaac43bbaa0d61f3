import { useEffect, useRef, useState, type DragEvent, type MouseEvent as ReactMouseEvent } from 'react';
import type { Vec3 } from '../core/math/types';
import { findSeries } from '../core/dicom/findSeries';
import { useStudyStore } from '../state/studyStore';
import { usePreferencesStore } from '../state/preferencesStore';
import { useViewportStore, type Orientation, type ViewportReadout } from '../state/viewportStore';
import { initCornerstone } from '../viewer/initCornerstone';
import { useCineStore } from '../state/cineStore';
import { useDtiStore } from '../state/dtiStore';
import { usePerfusionStore } from '../state/perfusionStore';
import { showPerfusionMapIn } from '../services/perfusionService';
import { perfusionPointerDown, perfusionPointerMove } from './perfusionPointer';
import { PerfusionMarkers } from './PerfusionMarkers';
import { useSyncStore } from '../state/syncStore';
import { MapController } from '../viewer/MapController';
import { mapSpec, MAP_SPECS, type MapName } from '../viewer/mapCatalog';
import { PERFUSION_MAP_SPECS, type PerfusionMapName } from '../core/maps/mapCatalog';
import { controllers } from '../viewer/SliceController';
import { SeriesVolumeController } from '../viewer/SeriesVolumeController';
import { acquireSeriesVolume, releaseSeriesVolume, type SeriesVolume } from '../viewer/seriesVolumes';
import { StackController } from '../viewer/StackController';
import { Colourbar } from './Colourbar';
import { CineBar, frameTimeText } from './CineBar';
import { crosshairCanvas, crosshairPointIn, setCrosshairAt } from './crosshair';
import { MAP_DRAG_TYPE, SERIES_DRAG_TYPE } from './dragTypes';
import { showSeriesIn } from './actions';
import { showMapIn } from './dtiActions';
import { propagateSlice } from './linkedScroll';
import { displaySeries } from '../viewer/seriesImageIds';
import { scaleBar } from '../viewer/scaleBar';
import { formatDate, formatPersonName, kindBadge } from './seriesLabels';
import { useCaseCodes } from './useCaseCode';
import { LinkedCursor } from './LinkedCursor';
import { clearCursor, setCursorAt } from './linkedCursor';
import { mapShownIn } from './mapGrid';
import { PaneMapPicker } from './PaneMapPicker';

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1));
const capital = (o: Orientation) => o[0].toUpperCase() + o.slice(1);
type Controller = StackController | MapController | SeriesVolumeController;

/**
 * One viewport cell: the Cornerstone canvas (the acquired stack of a series, a reformatted volume
 * of it, or a DTI map volume) plus its corner overlays, the crosshair, and a drop target for
 * series rows and map buttons dragged from the sidebars.
 */
export function ViewportPane({ slot }: { slot: number }) {
  const element = useRef<HTMLDivElement>(null);
  const [controller, setController] = useState<Controller | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [building, setBuilding] = useState(false);
  const [seriesVolume, setSeriesVolume] = useState<SeriesVolume | null>(null);
  const [dropping, setDropping] = useState(false);
  const { seriesUID, volume, map, orientation } = useViewportStore((s) => s.slots[slot]);
  const isActive = useViewportStore((s) => s.active === slot);
  const setActive = useViewportStore((s) => s.setActive);
  const readout = useViewportStore((s) => s.readouts[slot]);
  const index = useStudyStore((s) => s.index);
  const sources = useStudyStore((s) => s.sources);
  const blinded = usePreferencesStore((s) => s.blinded);
  const codes = useCaseCodes();
  const dtiResult = useDtiStore((s) => s.result);
  const perfusionResult = usePerfusionStore((s) => s.result);
  // The maps of the series this viewport shows: its perfusion computation, else the DTI fit.
  const result = perfusionResult && perfusionResult.seriesUID === seriesUID ? perfusionResult : dtiResult;
  const cine = useCineStore((s) => s.slot === slot);
  const crosshairOn = useSyncStore((s) => s.crosshairOn);
  // Re-render when the crosshair moves; where it lands is asked of the controller below.
  useSyncStore((s) => s.crosshair);
  const mode = map ? 'map' : orientation ? 'volume' : 'stack';
  // The series and slice the previous controller showed: map → images (or back) stays on that slice.
  const shownSeries = useRef<string | null>(null);
  const keptSlice = useRef<{ seriesUID: string; point: Vec3 } | null>(null);
  const restoreSlice = (c: Controller, uid: string) => {
    const kept = keptSlice.current;
    keptSlice.current = null;
    shownSeries.current = uid;
    if (kept && kept.seriesUID === uid) c.jumpTo(kept.point);
  };

  useEffect(() => {
    let live = true;
    let created: Controller | null = null;
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
            : mode === 'volume'
              ? new SeriesVolumeController(engine, `viewport-${slot}-volume`, element.current, onReadout)
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
        const point = created.slicePlane()?.point;
        keptSlice.current = point && shownSeries.current ? { seriesUID: shownSeries.current, point } : null;
        controllers.delete(slot);
        created.destroy();
      }
      setController(null);
    };
  }, [slot, mode]);

  // A layout change fits each image to its new pane (as PACS workstations do): the canvases are resized
  // first (cameras kept), then the camera refits; slice, window and orientation stay. A plain window
  // resize goes through the ResizeObserver alone and keeps the reader's zoom and pan.
  const layout = useViewportStore((s) => s.layout);
  const fittedLayout = useRef(layout);
  useEffect(() => {
    if (!controller || fittedLayout.current === layout) return;
    fittedLayout.current = layout;
    let live = true;
    void initCornerstone().then((engine) => {
      if (!live) return;
      engine.resize(true, true);
      controller.fitToPane();
    });
    return () => {
      live = false;
    };
  }, [controller, layout]);

  const series = findSeries(index, seriesUID);
  /**
   * A mode change (stack → reformat when a mosaic opens) destroys the controller in the same commit
   * that runs the effects below with the old one still in `controller`: only the registered one may show.
   */
  const isCurrent = (c: Controller | null): boolean => c !== null && controllers.get(slot) === c;
  useEffect(() => {
    if (!(controller instanceof StackController) || !series || !isCurrent(controller)) return;
    let live = true;
    setFailure(null);
    displaySeries(series, sources)
      .then(async (display) => {
        if (!live) return;
        await controller.show(display, Math.min(volume, display.volumes.length - 1));
        if (live) restoreSlice(controller, series.seriesInstanceUID);
      })
      .catch((e: unknown) => live && setFailure(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [controller, series, sources, volume]);

  // Reformat: the shown volume of the series is built once per (series, volume) and released when left.
  useEffect(() => {
    if (mode !== 'volume' || !series) return;
    let live = true;
    setFailure(null);
    setBuilding(true);
    acquireSeriesVolume(series, sources, volume)
      .then((v) => live && setSeriesVolume(v))
      .catch((e: unknown) => live && setFailure(`Cannot reformat this series: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => live && setBuilding(false));
    return () => {
      live = false;
      setSeriesVolume(null);
      releaseSeriesVolume(series, volume);
    };
  }, [mode, series, sources, volume]);

  useEffect(() => {
    if (!(controller instanceof SeriesVolumeController) || !seriesVolume || !orientation || !isCurrent(controller)) return;
    controller.show(seriesVolume, orientation).catch((e: unknown) => setFailure(e instanceof Error ? e.message : String(e)));
  }, [controller, seriesVolume, orientation]);

  useEffect(() => {
    if (!(controller instanceof MapController) || !map || !result || result.seriesUID !== seriesUID || !isCurrent(controller)) return;
    setFailure(null);
    controller
      .show(result, map)
      .then(() => {
        restoreSlice(controller, result.seriesUID);
        mapShownIn(slot);
      })
      .catch((e: unknown) => setFailure(e instanceof Error ? e.message : String(e)));
  }, [controller, map, result, seriesUID]);

  /** Crosshair mode: the left button sets the point (and drags it); Cornerstone's tools never see that press. */
  const onMouseDownCapture = (e: ReactMouseEvent<HTMLDivElement>) => {
    // The cine bar's controls take their own clicks (no crosshair, no input placing through them).
    if ((e.target as HTMLElement).closest('.cine-bar')) return;
    // The pane's own map picker is a form control, not a click on the image.
    if (e.target instanceof HTMLSelectElement) return;
    if (e.button === 0 && element.current) {
      // Placing the perfusion AIF/VOF: the click is the vessel, not a tool's.
      const box = element.current.getBoundingClientRect();
      if (perfusionPointerDown(slot, e.clientX - box.left, e.clientY - box.top)) {
        e.stopPropagation();
        e.preventDefault();
        setActive(slot);
        return;
      }
    }
    if (!crosshairOn || e.button !== 0 || !element.current) return;
    e.stopPropagation();
    e.preventDefault();
    setActive(slot);
    const box = element.current.getBoundingClientRect();
    const at = (ev: { clientX: number; clientY: number }) => setCrosshairAt(slot, ev.clientX - box.left, ev.clientY - box.top);
    at(e);
    const move = (ev: MouseEvent) => at(ev);
    const up = () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };

  const accepts = (e: DragEvent) => e.dataTransfer.types.includes(SERIES_DRAG_TYPE) || e.dataTransfer.types.includes(MAP_DRAG_TYPE);
  const onDrop = (e: DragEvent) => {
    if (!accepts(e)) return;
    e.preventDefault();
    e.stopPropagation();
    setDropping(false);
    const uid = e.dataTransfer.getData(SERIES_DRAG_TYPE);
    const mapName = e.dataTransfer.getData(MAP_DRAG_TYPE);
    setActive(slot);
    if (uid) showSeriesIn(uid, slot);
    else if (PERFUSION_MAP_SPECS.some((m) => m.name === mapName)) showPerfusionMapIn(slot, mapName as PerfusionMapName);
    else if (MAP_SPECS.some((m) => m.name === mapName)) showMapIn(slot, mapName as MapName);
  };

  const patient = index?.patients.find((p) => p.studies.some((st) => st.series.some((se) => se === series)));
  const study = patient?.studies.find((st) => st.series.some((se) => se === series));
  const cross = controller && readout ? crosshairCanvas(slot) : null;
  const crossPoint = cross ? crosshairPointIn(slot) : null;
  return (
    <div
      className={['viewport', isActive ? 'active' : '', dropping ? 'drop-target' : '', crosshairOn ? 'crosshair-mode' : ''].filter(Boolean).join(' ')}
      role="region"
      aria-label={`Viewport ${slot + 1}`}
      onMouseDownCapture={onMouseDownCapture}
      onMouseDown={() => setActive(slot)}
      onMouseMove={(e) => {
        if (!element.current) return;
        const box = element.current.getBoundingClientRect();
        perfusionPointerMove(slot, e.clientX - box.left, e.clientY - box.top);
        setCursorAt(slot, e.clientX - box.left, e.clientY - box.top);
      }}
      onMouseLeave={() => clearCursor(slot)}
      onWheel={(e) => {
        // The wheel steps slices through the controller, as the keys do, so images and maps move the
        // same anatomical way (Cornerstone's stack-scroll tool steps a volume against the stack).
        setActive(slot);
        if (e.deltaY !== 0) controllers.get(slot)?.scroll(Math.sign(e.deltaY));
      }}
      onContextMenu={(e) => e.preventDefault()}
      onDragOver={(e) => {
        if (!accepts(e)) return;
        e.preventDefault();
        e.stopPropagation();
        e.dataTransfer.dropEffect = 'copy';
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={onDrop}
    >
      <div ref={element} className="viewport-element" data-testid={`viewport-element-${slot}`} />
      {cross ? (
        <svg className="crosshair" aria-hidden="true">
          <line x1={0} y1={cross[1]} x2={cross[0] - 8} y2={cross[1]} />
          <line x1={cross[0] + 8} y1={cross[1]} x2="100%" y2={cross[1]} />
          <line x1={cross[0]} y1={0} x2={cross[0]} y2={cross[1] - 8} />
          <line x1={cross[0]} y1={cross[1] + 8} x2={cross[0]} y2="100%" />
        </svg>
      ) : null}
      {readout ? <PerfusionMarkers slot={slot} seriesUID={seriesUID} /> : null}
      {readout ? <LinkedCursor slot={slot} layer={map} maps={result?.seriesUID === seriesUID ? result : null} /> : null}
      {series ? (
        <>
          <div className="overlay tl" aria-label="Patient and study">
            {blinded ? (
              <>
                <div data-phi="patient-name">BLINDED</div>
                <div aria-label="Case code">{`case ${study ? (codes.get(study.studyInstanceUID) ?? '') : ''}`}</div>
              </>
            ) : (
              <>
                <div data-phi="patient-name">{formatPersonName(patient?.patientName ?? '')}</div>
                <div>{patient?.patientId}</div>
              </>
            )}
            {/* Blinded: study date and description and the series description (they name the visit) are hidden. */}
            {blinded ? null : <div>{study ? `${formatDate(study.studyDate)} ${study.description}` : ''}</div>}
            <div>{`Se ${series.seriesNumber ?? '–'}${blinded ? '' : ` ${series.description}`}`}</div>
          </div>
          <div className="overlay tr">
            <div>{series.modality} · {kindBadge(series)}</div>
            {map ? <div aria-label="Map shown">{`${mapSpec(map.map).label}${map.fused && map.map !== 'b0' ? (mapSpec(map.map).model === 'perfusion' ? ' on CT' : ' on b0') : ''} · ${map.orientation}`}</div> : null}
            {map && layout !== '1x1' ? <PaneMapPicker slot={slot} layer={map} /> : null}
            {!map && orientation ? (
              <div aria-label="Reformat">{`${capital(orientation)} reformat${seriesVolume ? ` · ${seriesVolume.dims.join('×')}` : ''}`}</div>
            ) : null}
            {!map && readout && frameTimeText(readout) ? <div aria-label="Frame time">{frameTimeText(readout)}</div> : null}
            {!map && readout?.bValue != null && !readout.frameTimesS ? <div>{`Vol ${readout.volume + 1}/${readout.volumeCount} · b=${Math.round(readout.bValue)}`}</div> : null}
            {cine ? <div aria-label="Cine">▶ Cine</div> : null}
            {building ? <div role="status" aria-label="Building volume">Building volume…</div> : null}
          </div>
          {readout ? <ReadoutOverlays readout={readout} crosshair={crossPoint} /> : null}
          {map && readout ? <Colourbar layer={map} readout={readout} /> : null}
          {!map && !orientation && readout && readout.volumeCount > 1 && (readout.frameTimesS || readout.timeProblem) ? <CineBar slot={slot} readout={readout} /> : null}
        </>
      ) : (
        <div className="viewport-empty">{index ? 'Select or drag a series here' : ''}</div>
      )}
      {failure ? <div className="viewport-error" role="alert">{failure}</div> : null}
    </div>
  );
}

function ReadoutOverlays({ readout, crosshair }: { readout: ViewportReadout; crosshair: [number, number, number] | null }) {
  const bar = readout.mmPerPixel ? scaleBar(readout.mmPerPixel, 120) : null;
  return (
    <>
      <div className="overlay bl">
        {readout.probe ? <div aria-label="Probe">{readout.probe}</div> : null}
        {crosshair ? <div aria-label="Crosshair">{`+ ${crosshair.map((v) => v.toFixed(1)).join(', ')} mm LPS`}</div> : null}
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
