import type { LongitudinalRow } from '../core/export/longitudinalRows';
import type { LesionRow, MeasurementRow, RatioRow } from '../core/export/records';
import { displayNumber } from '../core/export/displayNumber';
import { formatNumber } from '../core/export/formatNumber';

/** A number rounded for reading (displayNumber) with the exact CSV text in its tooltip. */
function Num({ value, unit, label, suffix = '' }: { value: number | null; unit: string; label?: string; suffix?: string }) {
  const shown = displayNumber(value, unit);
  return (
    <td aria-label={label} title={formatNumber(value)}>
      {shown === '' || suffix === '' ? shown : `${shown} ${suffix}`}
    </td>
  );
}

/**
 * The trial measurement table view: one row per subject × timepoint × ROI × map, the ipsi/contra
 * ratios, the lesion volumes (ABC/2 and planimetric), and the longitudinal view (baseline vs
 * follow-up with absolute and % change, and a bar plot of the % change of the means). Values are
 * already in the chosen export units (records.ts), shown rounded for reading by their unit
 * (displayNumber); each cell's title is the exact text the CSV holds.
 */
export function MeasurementTable({
  rows,
  ratios = [],
  lesions = [],
  longitudinal = [],
}: {
  rows: MeasurementRow[];
  ratios?: RatioRow[];
  lesions?: LesionRow[];
  longitudinal?: LongitudinalRow[];
}) {
  if (rows.length === 0 && lesions.length === 0) return <p className="measurements-empty">No ROI measurements yet.</p>;
  return (
    <div className="export-tables">
      <table aria-label="Measurements">
        <thead>
          <tr>
            {['Subject', 'Timepoint', 'Role', 'ROI', 'Map', 'Mean', 'SD', 'Median', 'IQR', 'n', 'Area', 'Volume', 'Unit'].map((h) => (
              <th key={h} align="left">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.subject}|${r.timepoint}|${r.roiRole}|${r.roiName}|${r.map}|${i}`} aria-label={`${r.subject} ${r.timepoint} ${r.roiName} ${r.map}`}>
              <td>{r.subject}</td>
              <td>{r.timepoint}</td>
              <td>{r.roiRole}</td>
              <td>{r.roiName}</td>
              <td>{r.map}</td>
              <Num label="mean" value={r.mean} unit={r.unit} />
              <Num label="sd" value={r.sd} unit={r.unit} />
              <Num label="median" value={r.median} unit={r.unit} />
              <Num label="iqr" value={r.iqr} unit={r.unit} />
              <td aria-label="n">{r.n}</td>
              <Num label="area" value={r.area} unit={r.areaUnit} suffix={r.areaUnit} />
              <Num label="volume" value={r.volume} unit={r.volumeUnit} suffix={r.volumeUnit} />
              <td>{r.unit}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {ratios.length > 0 ? (
        <table aria-label="Ipsilateral / contralateral ratios">
          <thead>
            <tr>
              {['Subject', 'Timepoint', 'Ipsilateral', 'Contralateral', 'Map', 'Mean ratio'].map((h) => (
                <th key={h} align="left">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ratios.map((r, i) => (
              <tr key={`${r.subject}|${r.timepoint}|${r.ipsiName}|${r.contraName}|${r.map}|${i}`} aria-label={`${r.subject} ${r.timepoint} ${r.ipsiName}/${r.contraName} ${r.map}`}>
                <td>{r.subject}</td>
                <td>{r.timepoint}</td>
                <td>{r.ipsiName}</td>
                <td>{r.contraName}</td>
                <td>{r.map}</td>
                <Num label="ratio" value={r.ratio} unit="1" />
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {lesions.length > 0 ? (
        <table aria-label="Lesion volumes">
          <thead>
            <tr>
              {['Subject', 'Timepoint', 'Lesion', 'Modality', 'C from', 'Images', 'ABC/2', 'Planimetric', 'Unit'].map((h) => (
                <th key={h} align="left">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lesions.map((l, i) => (
              <tr key={`${l.subject}|${l.timepoint}|${l.name}|${i}`} aria-label={`${l.subject} ${l.timepoint} ${l.name}`}>
                <td>{l.subject}</td>
                <td>{l.timepoint}</td>
                <td>{l.name}</td>
                <td aria-label="modality">{l.modality}</td>
                <td aria-label="C method">{l.cMethod}</td>
                <td aria-label="slice range">{l.firstImage !== null && l.lastImage !== null ? `${l.firstImage}–${l.lastImage}` : ''}</td>
                <Num label="abc2" value={l.abc2Volume} unit={l.unit} />
                <Num label="planimetric" value={l.planimetricVolume} unit={l.unit} />
                <td>{l.unit}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <Longitudinal rows={longitudinal} />
    </div>
  );
}

const BAR_HEIGHT = 12;
const PLOT_WIDTH = 360;
const LABEL_WIDTH = 170;

/** Baseline vs follow-up per subject with the change, and a bar plot of the % change of each mean. */
function Longitudinal({ rows }: { rows: LongitudinalRow[] }) {
  if (rows.length === 0) return <p>Longitudinal view: needs a subject with both a 24 h and a day 14 study measured.</p>;
  const means = rows.filter((r) => r.statistic === 'mean' && r.changePercent !== null);
  const extent = Math.max(1, ...means.map((r) => Math.abs(r.changePercent!)));
  const manySubjects = new Set(means.map((r) => r.subject)).size > 1;
  const half = (PLOT_WIDTH - LABEL_WIDTH) / 2;
  const zero = LABEL_WIDTH + half;
  return (
    <section aria-label="Longitudinal view">
      <table aria-label="Longitudinal changes">
        <thead>
          <tr>
            {['Subject', 'Role', 'ROI', 'Map', 'Statistic', '24 h', 'Day 14', 'Change', '% change', 'Unit'].map((h) => (
              <th key={h} align="left">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.subject}|${r.roiRole}|${r.roiName}|${r.map}|${r.statistic}|${i}`}>
              <td>{r.subject}</td>
              <td>{r.roiRole}</td>
              <td>{r.roiName}</td>
              <td>{r.map}</td>
              <td>{r.statistic}</td>
              <Num value={r.baseline} unit={r.unit} />
              <Num value={r.followUp} unit={r.unit} />
              <Num value={r.change} unit={r.unit} />
              <Num value={r.changePercent} unit="%" />
              <td>{r.unit}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {means.length > 0 ? (
        <svg role="img" aria-label="Percent change of the means, 24 h to day 14" width={PLOT_WIDTH} height={means.length * (BAR_HEIGHT + 4) + 16} className="export-plot">
          <line x1={zero} x2={zero} y1={0} y2={means.length * (BAR_HEIGHT + 4)} className="export-plot-axis" />
          {means.map((r, i) => {
            const width = (Math.abs(r.changePercent!) / extent) * half;
            const y = i * (BAR_HEIGHT + 4);
            return (
              <g key={`${r.subject}|${r.roiName}|${r.map}|${i}`}>
                <text x={0} y={y + BAR_HEIGHT - 2} className="export-plot-label">{`${manySubjects ? `${r.subject} ` : ''}${r.roiName} ${r.map}`.slice(0, 28)}</text>
                <rect x={r.changePercent! < 0 ? zero - width : zero} y={y} width={width} height={BAR_HEIGHT} className={r.changePercent! < 0 ? 'export-plot-down' : 'export-plot-up'} />
              </g>
            );
          })}
          <text x={zero} y={means.length * (BAR_HEIGHT + 4) + 12} textAnchor="middle" className="export-plot-label">{`0 % (±${formatNumber(Math.round(extent))} %)`}</text>
        </svg>
      ) : null}
    </section>
  );
}
