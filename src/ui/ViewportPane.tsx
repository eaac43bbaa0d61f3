import { useEffect, useRef, useState } from 'react';
import { findSeries, useStudyStore } from '../state/studyStore';
import { usePreferencesStore } from '../state/preferencesStore';
import { useViewportStore, type ViewportReadout } from '../state/viewportStore';
import { initCornerstone } from '../viewer/initCornerstone';
import { controllers, StackController } from '../viewer/StackController';
import { displaySeries } from '../viewer/seriesImageIds';
import { scaleBar } from '../viewer/scaleBar';
import { formatDate, formatPersonName, kindBadge } from './seriesLabels';

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1));

/** One viewport cell: the Cornerstone canvas plus its corner overlays. */
export function ViewportPane({ slot }: { slot: number }) {
  const element = useRef<HTMLDivElement>(null);
  const [controller, setController] = useState<StackController | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const { seriesUID, volume } = useViewportStore((s) => s.slots[slot]);
  const isActive = useViewportStore((s) => s.active === slot);
  const setActive = useViewportStore((s) => s.setActive);
  const readout = useViewportStore((s) => s.readouts[slot]);
  const index = useStudyStore((s) => s.index);
  const sources = useStudyStore((s) => s.sources);
  const blinded = usePreferencesStore((s) => s.blinded);

  useEffect(() => {
    let live = true;
    let created: StackController | null = null;
    initCornerstone()
      .then((engine) => {
        if (!live || !element.current) return;
        created = new StackController(engine, `viewport-${slot}`, element.current, (r) => {
          if (r) useViewportStore.getState().report(slot, r);
        });
        controllers.set(slot, created);
        setController(created);
      })
      .catch((e: unknown) => setFailure(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
      if (created) {
        controllers.delete(slot);
        created.destroy();
      }
    };
  }, [slot]);

  const series = findSeries(index, seriesUID);
  useEffect(() => {
    if (!controller || !series) return;
    let live = true;
    setFailure(null);
    displaySeries(series, sources)
      .then((display) => (live ? controller.show(display, Math.min(volume, display.volumes.length - 1)) : undefined))
      .catch((e: unknown) => live && setFailure(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [controller, series, sources, volume]);

  const patient = index?.patients.find((p) => p.studies.some((st) => st.series.some((se) => se === series)));
  const study = patient?.studies.find((st) => st.series.some((se) => se === series));
  return (
    <div
      className={isActive ? 'viewport active' : 'viewport'}
      role="region"
      aria-label={`Viewport ${slot + 1}`}
      onMouseDown={() => setActive(slot)}
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
            {readout?.bValue != null ? <div>{`Vol ${readout.volume + 1}/${readout.volumeCount} · b=${Math.round(readout.bValue)}`}</div> : null}
          </div>
          {readout ? <ReadoutOverlays readout={readout} /> : null}
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
        <div aria-label="Slice">{`Im ${readout.slice + 1}/${readout.sliceCount}`}</div>
        {readout.location !== null ? <div>{`Loc ${fmt(readout.location)} mm`}</div> : null}
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
