import { useMemo } from 'react';
import { agreementRows } from '../core/reading/agreementRows';
import { currentAgreement } from '../services/readingService';
import { useReadingStore } from '../state/readingStore';
import { BlandAltmanPlot } from './BlandAltmanPlot';

const UNITS: Record<string, string> = { abc2_ml: 'mL', lesion_count: 'lesions' };
const coefficient = (x: number | null) => (x === null ? '—' : x.toFixed(3));

/**
 * Inter-reader agreement of the stored reads, from the same src/core/agreement code as the
 * `agreement` command: ICCs, kappas (the Heidelberg grade on its order), Bland–Altman with its
 * limits per reader pair, undefined statistics with their reason; a Bland–Altman plot per pair of
 * every continuous measure.
 */
export function AgreementDialog() {
  const open = useReadingStore((s) => s.dialog === 'agreement');
  const reads = useReadingStore((s) => s.reads);
  const record = useReadingStore((s) => s.record);
  const seed = useReadingStore((s) => s.seed);
  const results = useMemo(() => (open ? currentAgreement() : []), [open, reads, record, seed]);
  const rows = useMemo(() => agreementRows(results), [results]);
  if (!open) return null;
  const close = () => useReadingStore.getState().setDialog(null);
  return (
    <div className="help-backdrop" onClick={close}>
      <div className="help reading-dialog" role="dialog" aria-modal="true" aria-label="Agreement" onClick={(e) => e.stopPropagation()}>
        <h2>Inter-reader agreement</h2>
        {rows.length === 0 ? <p>No complete reads yet.</p> : (
          <table className="agreement-table" aria-label="Agreement statistics">
            <thead>
              <tr>
                <th>Measure</th>
                <th>Readers</th>
                <th>n</th>
                <th>Statistic</th>
                <th>Value</th>
                <th>95 % CI</th>
                <th>Note</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  <td>{r.measure}</td>
                  <td>{r.readerA ? `${r.readerA} vs ${r.readerB}` : 'all'}</td>
                  <td>{r.n ?? '—'}</td>
                  <td>{r.statistic}</td>
                  <td>{coefficient(r.value)}</td>
                  <td>{r.ciLow === null || r.ciHigh === null ? '—' : `${coefficient(r.ciLow)} to ${coefficient(r.ciHigh)}`}</td>
                  <td className="muted">{r.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="ba-plots">
          {results.flatMap((r) =>
            r.agreement?.kind === 'continuous'
              ? r.agreement.pairs.map((p) => <BlandAltmanPlot key={`${r.measure}-${p.readers.join('-')}`} ba={p.blandAltman} title={`${r.measure}: ${p.readers[0]} − ${p.readers[1]}`} unit={UNITS[r.measure] ?? ''} />)
              : [],
          )}
        </div>
        <button type="button" onClick={close}>Close agreement</button>
      </div>
    </div>
  );
}
