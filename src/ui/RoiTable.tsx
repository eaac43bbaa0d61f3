import type { RoiStats } from '../core/measure/types';
import { editRoi, deleteRoi, mirrorRoi } from '../services/measurementService';
import { ROI_ROLES, useRoiStore, type RoiRow } from '../state/roiStore';
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

/** Every ROI with its statistics on every loaded map, editable name and role, mirror and delete; mirrors show ratios. */
export function RoiTable() {
  const rois = useRoiStore((s) => s.rois);
  const ratios = useRoiStore((s) => s.ratios);
  if (rois.length === 0) return <p>No ROI yet: pick Ellipse (e) or Freehand (f) and draw on a map.</p>;
  return (
    <div className="roi-table" aria-label="ROI table">
      {rois.map((row) => (
        <RoiBlock key={row.roi.id} row={row} ratios={ratios[row.roi.id]} />
      ))}
    </div>
  );
}

function RoiBlock({ row, ratios }: { row: RoiRow; ratios: ReturnType<typeof useRoiStore.getState>['ratios'][string] | undefined }) {
  const { roi } = row;
  const area = row.stats[0]?.areaMm2;
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
      {row.stats.length === 0 ? <p>No maps of this series loaded: compute DTI to measure.</p> : <StatsTable stats={row.stats} />}
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
