import { markSlice, setCMode } from '../services/measurementService';
import { useRoiStore } from '../state/roiStore';

const mm = (v: number | null) => (v === null ? '–' : `${v.toFixed(1)} mm`);
const ml = (v: number | null) => (v === null ? '–' : `${v.toFixed(2)} mL`);

/** ABC/2: A and B from the last Bidirectional, C from marked first/last slices or Kothari; beside the planimetric volume. */
export function Abc2Panel() {
  const abc2 = useRoiStore((s) => s.abc2);
  const seg = abc2.segmentation;
  return (
    <section className="abc2-panel" aria-label="ABC/2">
      <h3 style={{ fontSize: 12, margin: '4px 0 0' }}>ABC/2</h3>
      {abc2.aMm === null ? <p>Draw a Bidirectional (d) across the lesion on its largest slice.</p> : null}
      <div className="row">
        <span aria-label="ABC/2 A">{`A ${mm(abc2.aMm)}`}</span>
        <span aria-label="ABC/2 B">{`B ${mm(abc2.bMm)}`}</span>
        <span aria-label="ABC/2 C">{`C ${mm(abc2.cMm)}`}</span>
      </div>
      <div className="row">
        <button type="button" onClick={() => markSlice('first')}>First slice here</button>
        <button type="button" onClick={() => markSlice('last')}>Last slice here</button>
        <span aria-label="Marked slices">
          {`${abc2.first ? abc2.first.index + 1 : '–'} … ${abc2.last ? abc2.last.index + 1 : '–'}${abc2.spacingMm ? ` × ${abc2.spacingMm.toFixed(2)} mm` : ''}`}
        </span>
      </div>
      <div className="row" role="radiogroup" aria-label="C from">
        <label>
          <input type="radio" name="c-mode" checked={abc2.cMode === 'slices'} onChange={() => setCMode('slices')} /> marked slices
        </label>
        <label title={seg ? undefined : 'Needs the MD map of the series and a Bidirectional'}>
          <input type="radio" name="c-mode" checked={abc2.cMode === 'kothari'} disabled={!seg} onChange={() => setCMode('kothari')} /> Kothari
        </label>
      </div>
      <div className="row">
        <strong aria-label="ABC/2 volume">{`ABC/2 ${ml(abc2.volumeMl)}`}</strong>
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
          <span>{abc2.volumeMl !== null ? `Δ ${(abc2.volumeMl - seg.planimetricMl).toFixed(2)} mL` : ''}</span>
          <span>{`Kothari C ${mm(seg.kothariCMm)}`}</span>
        </div>
      ) : null}
    </section>
  );
}
