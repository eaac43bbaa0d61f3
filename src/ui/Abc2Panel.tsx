import { abc2Of, abc2Records, deleteAbc2, markSlice, renameAbc2, setCMode } from '../services/measurementService';
import { keyForSeries } from '../services/measureContext';
import { useAbc2Store } from '../state/abc2Store';
import { useRoiStore } from '../state/roiStore';
import { SeriesHeading, useActiveSeries } from './RoiTable';

const mm = (v: number | null) => (v === null ? '–' : `${v.toFixed(1)} mm`);
const ml = (v: number | null) => (v === null ? '–' : `${v.toFixed(2)} mL`);

/**
 * ABC/2 of the series on screen (active viewport): A and B from its Bidirectional, C from marked
 * first/last images or Kothari, beside the planimetric volume; its stored record when it is not
 * being measured now (after a reopen, or with another series measured since). The series' ABC/2
 * records can be renamed and deleted.
 */
export function Abc2Panel() {
  // Re-rendered when the working state or the records change.
  useAbc2Store((s) => s.abc2);
  useRoiStore((s) => s.measurements);
  const seriesUID = useActiveSeries();
  const key = keyForSeries(seriesUID);
  const abc2 = key ? abc2Of(key) : null;
  const records = abc2Records(seriesUID);
  const seg = abc2?.segmentation ?? null;
  return (
    <section className="abc2-panel" aria-label="ABC/2">
      <h3 style={{ fontSize: 12, margin: '4px 0 0' }}>ABC/2</h3>
      <SeriesHeading seriesUID={seriesUID} label="ABC/2 series" />
      {!abc2 || abc2.aMm === null ? <p>Draw a Bidirectional (d) across the lesion on its largest slice.</p> : null}
      <div className="row">
        <span aria-label="ABC/2 A">{`A ${mm(abc2?.aMm ?? null)}`}</span>
        <span aria-label="ABC/2 B">{`B ${mm(abc2?.bMm ?? null)}`}</span>
        <span aria-label="ABC/2 C">{`C ${mm(abc2?.cMm ?? null)}`}</span>
      </div>
      <div className="row">
        <button type="button" onClick={() => markSlice('first')}>First slice here</button>
        <button type="button" onClick={() => markSlice('last')}>Last slice here</button>
        <span aria-label="Marked slices">
          {`Im ${abc2?.first ? abc2.first.index + 1 : '–'} … ${abc2?.last ? abc2.last.index + 1 : '–'}${abc2?.spacingMm ? ` × ${abc2.spacingMm.toFixed(2)} mm` : ''}`}
        </span>
      </div>
      <div className="row" role="radiogroup" aria-label="C from">
        <label>
          <input type="radio" name="c-mode" checked={abc2?.cMode !== 'kothari'} disabled={!key} onChange={() => setCMode('slices')} /> marked slices
        </label>
        <label title={seg ? undefined : 'Needs the MD map of the series and a Bidirectional'}>
          <input type="radio" name="c-mode" checked={abc2?.cMode === 'kothari'} disabled={!seg} onChange={() => setCMode('kothari')} /> Kothari
        </label>
      </div>
      <div className="row">
        <strong aria-label="ABC/2 volume">{`ABC/2 ${ml(abc2?.volumeMl ?? null)}`}</strong>
      </div>
      {seg ? (
        <div
          className="row"
          aria-label="Planimetric volume"
          title={
            seg.thresholdMd === null
              ? `Brush segmentation: ${seg.voxels} voxels`
              : `MD < ${Math.round(seg.thresholdMd * 1e6)}×10⁻⁶ mm²/s, connected, around the Bidirectional: ${seg.voxels} voxels`
          }
        >
          <span>{`Planimetric (${seg.source}) ${ml(seg.planimetricMl)}`}</span>
          <span>{abc2?.volumeMl != null ? `Δ ${(abc2.volumeMl - seg.planimetricMl).toFixed(2)} mL` : ''}</span>
          <span>{`Kothari C ${mm(seg.kothariCMm)}`}</span>
        </div>
      ) : null}
      {records.length > 0 ? (
        <ul aria-label="ABC/2 records" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {records.map((r) => (
            <li key={r.id} className="row" aria-label={`ABC/2 record ${r.name}`}>
              <input aria-label="ABC/2 name" value={r.name} onChange={(e) => renameAbc2(r.id, e.currentTarget.value)} style={{ width: '9em' }} />
              <span>{`${ml(r.payload.volumeMl)}${r.payload.cMethod ? ` · C ${r.payload.cMethod}` : ''}${'createdBy' in r ? ` · ${r.createdBy}` : ''}`}</span>
              <button type="button" aria-label="Delete ABC/2" onClick={() => deleteAbc2(r.id)} title="Delete this ABC/2 record (the audit trail keeps it)">✕</button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
