import type { MeasurementRow } from '../core/export/records';
import { formatNumber } from '../core/export/formatNumber';

/**
 * The trial measurement table: one row per subject × timepoint × ROI × map, values already in
 * the chosen export units (records.ts), so what the reader sees is what the CSV holds.
 */
export function MeasurementTable({ rows }: { rows: MeasurementRow[] }) {
  if (rows.length === 0) return <p className="measurements-empty">No ROI measurements yet.</p>;
  return (
    <table aria-label="Measurements" style={{ width: '100%', fontSize: 11, borderCollapse: 'collapse' }}>
      <thead>
        <tr>
          {['Subject', 'Timepoint', 'ROI', 'Map', 'Mean', 'SD', 'Median', 'IQR', 'n', 'Area', 'Volume', 'Unit'].map((h) => (
            <th key={h} align="left">{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={`${r.subject}|${r.timepoint}|${r.roiName}|${r.map}|${i}`}>
            <td>{r.subject}</td>
            <td>{r.timepoint}</td>
            <td title={r.roiRole}>{r.roiName}</td>
            <td>{r.map}</td>
            <td>{formatNumber(r.mean)}</td>
            <td>{formatNumber(r.sd)}</td>
            <td>{formatNumber(r.median)}</td>
            <td>{formatNumber(r.iqr)}</td>
            <td>{r.n}</td>
            <td>{`${formatNumber(r.area)} ${r.areaUnit}`}</td>
            <td>{r.volume === null ? '' : `${formatNumber(r.volume)} ${r.volumeUnit}`}</td>
            <td>{r.unit}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
