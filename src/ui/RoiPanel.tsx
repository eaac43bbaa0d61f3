import { useEffect } from 'react';
import { nudgePlane, redo, selectTool, setReader, startMeasurementService, undo } from '../services/measurementService';
import { usePreferencesStore } from '../state/preferencesStore';
import { useBrushStore } from '../state/brushStore';
import { useMirrorStore } from '../state/mirrorStore';
import { useRoiStore } from '../state/roiStore';
import { useToolStore } from '../state/toolStore';
import { PRIMARY_TOOLS } from '../viewer/tools/measureTools';
import { Abc2Panel } from './Abc2Panel';
import { RoiTable, StatsTable } from './RoiTable';
import './measure.css';

/** Step of the mirror-plane nudge keys (, and .), mm. */
const NUDGE_MM = 0.5;

/** Measurement keys: tool keys, Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y), and , / . to nudge the mirror plane. */
function onKey(event: KeyboardEvent): void {
  const target = event.target as HTMLElement | null;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) return;
  if (event.ctrlKey || event.metaKey) {
    const key = event.key.toLowerCase();
    if (key === 'z') (event.shiftKey ? redo : undo)();
    else if (key === 'y') redo();
    else return;
    event.preventDefault();
    return;
  }
  if (event.altKey) return;
  const tool = PRIMARY_TOOLS.find((t) => t.key === event.key);
  if (tool) selectTool(tool.toolName);
  else if (event.key === ',') nudgePlane(-NUDGE_MM);
  else if (event.key === '.') nudgePlane(NUDGE_MM);
  else return;
  event.preventDefault();
}

/** Measurement: reader, ROI/line tools, undo/redo, the ROI table, the mirror plane and ABC/2. */
export function RoiPanel() {
  const reader = usePreferencesStore((s) => s.reader);
  const primaryTool = useToolStore((s) => s.primaryTool);
  const message = useRoiStore((s) => s.message);
  const planeStatus = useMirrorStore((s) => s.planeStatus);
  const plane = useMirrorStore((s) => s.plane);
  const planeDistance = useMirrorStore((s) => s.planeDistanceMm);
  const offset = useMirrorStore((s) => s.planeOffsetMm);
  const tilt = useMirrorStore((s) => s.planeTiltDeg);
  const brush = useBrushStore((s) => s.brush);
  const brushSavedAt = useBrushStore((s) => s.brushSavedAt);
  useEffect(() => {
    startMeasurementService();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <section className="dti-panel measure-panel" aria-label="Measurements" style={{ overflow: 'auto', maxHeight: '38vh' }}>
      <h2>Measurements</h2>
      <div className="row">
        <label>
          Reader{' '}
          <input
            aria-label="Reader"
            value={reader}
            onChange={(e) => setReader(e.currentTarget.value)}
            title="Your identity on this workstation: it signs every measurement change and the export"
            style={{ width: '8em' }}
          />
        </label>
      </div>
      <div className="row" role="group" aria-label="Measurement tools">
        {PRIMARY_TOOLS.map((t) => (
          <button key={t.toolName} type="button" aria-pressed={primaryTool === t.toolName} onClick={() => selectTool(t.toolName)} title={`${t.label} (${t.key})`}>
            {t.label}
          </button>
        ))}
        <button type="button" onClick={undo} title="Undo (Ctrl+Z)">Undo</button>
        <button type="button" onClick={redo} title="Redo (Ctrl+Shift+Z)">Redo</button>
      </div>
      {message ? <p role="alert">{message}</p> : null}
      <RoiTable />
      {brush && brush.voxels > 0 ? (
        <section aria-label="Brush lesion" style={{ borderTop: '1px solid var(--line)', paddingTop: 4 }}>
          <div>{`Brush lesion · ${brush.voxels} voxels · ${(brush.stats[0]?.volumeMl ?? 0).toFixed(2)} mL`}</div>
          <div className="measure-note" aria-label="Brush lesion saved">
            {brushSavedAt ? `Saved ${new Date(brushSavedAt).toLocaleString()}` : 'Not saved yet'}
          </div>
          <StatsTable stats={brush.stats} />
        </section>
      ) : null}
      <div className="row" aria-label="Mirror plane">
        <span>
          {planeStatus === 'estimating'
            ? 'Mid-sagittal plane: estimating…'
            : plane && planeDistance !== null
              ? `Mid-sagittal plane at ${planeDistance.toFixed(1)} mm (offset ${offset.toFixed(1)} mm, tilt ${tilt.toFixed(1)}°) · in W/L mode (w) drag its dashed line or an end to adjust`
              : 'Mid-sagittal plane: on first Mirror (then drag its line in W/L mode, w)'}
        </span>
        <button type="button" disabled={!plane} onClick={() => nudgePlane(-NUDGE_MM)} title={`Move the plane ${NUDGE_MM} mm (,)`}>◀</button>
        <button type="button" disabled={!plane} onClick={() => nudgePlane(NUDGE_MM)} title={`Move the plane ${NUDGE_MM} mm (.)`}>▶</button>
      </div>
      <Abc2Panel />
    </section>
  );
}
