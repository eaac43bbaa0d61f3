import type { RoiStats } from '../core/measure/types';
import { editRoi, deleteRoi, mirrorRoi } from '../services/measurementService';
import { seriesContext, seriesHeading } from '../services/seriesContext';
import { useDtiStore } from '../state/dtiStore';
import { usePerfusionStore } from '../state/perfusionStore';
import { usePreferencesStore } from '../state/preferencesStore';
import { useReadingStore } from '../state/readingStore';
import { ROI_ROLES, useRoiStore, type RoiRow } from '../state/roiStore';
import { useStudyStore } from '../state/studyStore';
import { useTrialStore } from '../state/trialStore';
import { useViewportStore } from '../state/viewportStore';
import { mapSpec, type MapName } from '../viewer/mapCatalog';
import { displayArea, displayStat } from '../viewer/tools/roiTextLines';

const STAT_COLUMNS: { key: keyof RoiStats; label: string }[] = [
  { key: 'mean', label: 'Mean' },
  { key: 'sd', label: 'SD' },
  { key: 'median', label: 'Median' },
  { key: 'iqr', label: 'IQR' },
  { key: 'min', label: 'Min' },
  { key: 'max', label: 'Max' },
];

function unitOf(map: string): string {
  const { unit } = mapSpec(map as MapName);
  return unit === '' ? 'unitless' : unit;
}

/** The series in the active viewport (its images or its maps). */
export function useActiveSeries(): string | null {
  return useViewportStore((s) => s.slots[s.active]?.seriesUID ?? null);
}

/** "24 h · DTI 30dir": the timepoint and series of the active viewport, heading what the panels show. */
export function SeriesHeading({ seriesUID, label }: { seriesUID: string | null; label: string }) {
  // Re-rendered when the index or the typed timepoints change.
  useStudyStore((s) => s.index);
  useTrialStore((s) => s.meta);
  const context = seriesContext(seriesUID);
  // Blinded: the series description (it names the visit) is left out, and the timepoint when hidden.
  const blinded = usePreferencesStore((s) => s.blinded);
  const hideTimepoint = useReadingStore((s) => s.hideTimepoint);
  const shown = context && blinded ? { ...context, description: '', timepoint: hideTimepoint ? null : context.timepoint } : context;
  return (
    <div className="measure-note" aria-label={label}>
      {shown ? seriesHeading(shown) : 'No series on screen'}
    </div>
  );
}

/**
 * The ROIs of the series on screen (active viewport) with their recorded statistics on every map,
 * editable name and role, mirror and delete; mirrors show ratios. Statistics not from the maps
 * loaded now are marked as stored, with the fit they came from.
 */
export function RoiTable() {
  const rois = useRoiStore((s) => s.rois);
  const ratios = useRoiStore((s) => s.ratios);
  const seriesUID = useActiveSeries();
  const dtiFitId = useDtiStore((s) => (s.result && s.result.seriesUID === seriesUID ? s.result.fitId : null));
  const perfusionId = usePerfusionStore((s) => (s.result && s.result.seriesUID === seriesUID ? s.result.fitId : null));
  const fitId = perfusionId ?? dtiFitId;
  const shown = rois.filter((r) => r.key.seriesInstanceUID === seriesUID);
  const elsewhere = rois.length - shown.length;
  return (
    <div className="roi-table" aria-label="ROI table">
      <SeriesHeading seriesUID={seriesUID} label="ROI table series" />
      {shown.length === 0 ? <p>No ROI on this series yet: pick Ellipse (e) or Freehand (f) and draw on a map.</p> : null}
      {shown.map((row) => (
        <RoiBlock key={row.roi.id} row={row} ratios={ratios[row.roi.id]} fitId={fitId} />
      ))}
      {elsewhere > 0 ? <p className="measure-note">{`${elsewhere} ROI${elsewhere === 1 ? '' : 's'} on other series (shown with them)`}</p> : null}
    </div>
  );
}

/** Where a row's numbers come from when they are not from the maps on screen. */
function storedNote(row: RoiRow, fitId: string | null): string | null {
  const m = row.measured;
  if (!m || m.fit.fitId === fitId) return null;
  const fit = `${m.fit.estimator.toUpperCase()} fit of ${new Date(m.fit.fittedAt).toLocaleString()}`;
  return fitId === null ? `Stored values (${fit}); maps not loaded` : `Stored values (${fit}); the maps on screen were fitted differently`;
}

function RoiBlock({ row, ratios, fitId }: { row: RoiRow; ratios: ReturnType<typeof useRoiStore.getState>['ratios'][string] | undefined; fitId: string | null }) {
  const { roi } = row;
  const area = row.stats[0]?.areaMm2;
  const stored = storedNote(row, fitId);
  return (
    <section className="roi-block" aria-label={`ROI ${roi.name}`} style={{ borderTop: '1px solid var(--line)', paddingTop: 4 }}>
      <div className="row">
        <input aria-label="ROI name" value={roi.name} onChange={(e) => editRoi(roi.id, { name: e.currentTarget.value })} style={{ width: '9em' }} />
        <select aria-label="ROI role" value={roi.role} onChange={(e) => editRoi(roi.id, { role: e.currentTarget.value as typeof roi.role })}>
          {ROI_ROLES.map((r) => (
            <option key={r.value} value={r.value}>{r.label}</option>
          ))}
        </select>
        {roi.mirrorOf ? null : (
          <button type="button" onClick={() => void mirrorRoi(roi.id)} title="Create the contralateral ROI across the mid-sagittal plane">Mirror</button>
        )}
        <button type="button" aria-label="Delete ROI" onClick={() => deleteRoi(roi.id)} title="Delete (Ctrl+Z brings it back)">✕</button>
      </div>
      <div aria-label="ROI area">{`${roi.shape}${area !== undefined && Number.isFinite(area) ? ` · ${displayArea(area)}` : ''} · n ${row.stats[0]?.n ?? 0}`}</div>
      {stored ? <div className="measure-note" aria-label="Stored statistics">{stored}</div> : null}
      {row.stats.length === 0 ? <p>No maps of this series loaded: compute its maps (DTI or perfusion) to measure.</p> : <StatsTable stats={row.stats} />}
      {ratios && ratios.length > 0 ? (
        <div className="row" aria-label="Ipsilateral / contralateral ratios">
          {ratios.map((r) => (
            <span key={r.map} aria-label={`Ratio ${r.label}`} title={`mean ipsilateral / mean contralateral ${r.map}`}>
              {`${r.label} ${Number.isFinite(r.ratio) ? r.ratio.toFixed(3) : '–'}`}
            </span>
          ))}
        </div>
      ) : null}
    </section>
  );
}

/** Statistics of one ROI or segmentation on every map, in each map's display unit (unit in the row's tooltip). */
export function StatsTable({ stats }: { stats: RoiStats[] }) {
  return (
    <table className="stats">
      <thead>
        <tr>
          <th>Map</th>
          {STAT_COLUMNS.map((c) => (
            <th key={c.key}>{c.label}</th>
          ))}
          <th>n</th>
        </tr>
      </thead>
      <tbody>
        {stats.map((s) => (
          <tr key={s.map} aria-label={`${mapSpec(s.map as MapName).label} statistics`} title={unitOf(s.map)}>
            <th scope="row">{mapSpec(s.map as MapName).label}</th>
            {STAT_COLUMNS.map((c) => (
              <td key={c.key}>{displayStat(s.map, s[c.key] as number)}</td>
            ))}
            <td>{s.n}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
