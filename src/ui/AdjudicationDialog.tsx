import { useMemo, useState } from 'react';
import { caseDisagreements } from '../core/reading/caseState';
import { COMPARED_FIELDS, heidelbergLabel, type ComparedField } from '../core/reading/readDifferences';
import { caseMeasures } from '../core/reading/worklist';
import type { StoredRead } from '../core/store/records';
import { ecassLabel } from '../core/reading/readMeasures';
import type { HtRead } from '../core/trial/htRead';
import { commentForDisplay, currentCaseCodes, saveCaseRead } from '../services/readingService';
import { usePreferencesStore } from '../state/preferencesStore';
import { useReadingStore } from '../state/readingStore';
import { ReadForm } from './ReadForm';

const FIELD_NAMES: Record<ComparedField, string> = { heidelberg: 'Heidelberg', symptomatic: 'Symptomatic', side: 'Side', territory: 'Territory', lesionCount: 'Lesions' };

function answer(read: HtRead, field: ComparedField): string {
  if (field === 'heidelberg') return read.heidelberg ? `${heidelbergLabel(read.heidelberg)} (ECASS ${ecassLabel(read.heidelberg) || '—'})` : '—';
  const v = read[field];
  return v === null ? '—' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
}

/** One disagreeing case: the two reads side by side (differences marked) and the adjudicator's consensus form. */
function CaseAdjudication({ code, studyUID, reads, existing }: { code: string; studyUID: string; reads: [StoredRead, StoredRead]; existing: StoredRead | null }) {
  const [a, b] = reads;
  const [draft, setDraft] = useState<HtRead>(existing?.read ?? { ...a.read, comment: '' });
  const [status, setStatus] = useState<string | null>(null);
  const adjudicator = usePreferencesStore((s) => s.reader);
  const record = useReadingStore((s) => s.record);
  const tolerance = useReadingStore((s) => s.abc2ToleranceMl);
  const beyond = caseDisagreements(reads, caseMeasures(record?.measurements ?? [], studyUID, tolerance)).flatMap((d) => d.measures);
  const save = () => {
    if (reads.some((r) => r.reader === adjudicator)) {
      setStatus(`${adjudicator} read this case: the consensus is recorded by a third reader (enter the adjudicator's name as reader)`);
      return;
    }
    saveCaseRead(studyUID, 'consensus', draft)
      .then(() => setStatus(`Consensus recorded by ${adjudicator}`))
      .catch((e: unknown) => setStatus(e instanceof Error ? e.message : String(e)));
  };
  return (
    <section className="adjudication-case" aria-label={`Adjudication of case ${code}`}>
      <h3>Case {code}{existing ? ' · consensus recorded' : ''}</h3>
      <table className="adjudication-table" aria-label={`Reads of case ${code}`}>
        <thead>
          <tr>
            <th>Field</th>
            <th>{a.reader}</th>
            <th>{b.reader}</th>
          </tr>
        </thead>
        <tbody>
          {COMPARED_FIELDS.map((f) => {
            const differs = answer(a.read, f) !== answer(b.read, f);
            return (
              <tr key={f} className={differs ? 'differs' : undefined} aria-label={`${FIELD_NAMES[f]}${differs ? ' differs' : ''}`}>
                <td>{differs ? '≠ ' : ''}{FIELD_NAMES[f]}</td>
                <td>{answer(a.read, f)}</td>
                <td>{answer(b.read, f)}</td>
              </tr>
            );
          })}
          {beyond.map((m) => (
            <tr key={m.measure} className="differs">
              <td>≠ {m.measure} (tolerance {m.tolerance})</td>
              <td>{m.values[0].toFixed(2)}</td>
              <td>{m.values[1].toFixed(2)}</td>
            </tr>
          ))}
          <tr>
            <td>Comment</td>
            <td>{commentForDisplay(studyUID, a.read.comment)}</td>
            <td>{commentForDisplay(studyUID, b.read.comment)}</td>
          </tr>
        </tbody>
      </table>
      <div className="read-actions">
        <button type="button" onClick={() => setDraft({ ...a.read, comment: draft.comment })}>Take {a.reader}’s answers</button>
        <button type="button" onClick={() => setDraft({ ...b.read, comment: draft.comment })}>Take {b.reader}’s answers</button>
      </div>
      <ReadForm value={draft} onChange={setDraft} label={`Consensus read of case ${code}`} />
      <div className="read-actions">
        <button type="button" onClick={save}>Record consensus read</button>
        {status ? <span role="status">{status}</span> : null}
      </div>
    </section>
  );
}

/**
 * The adjudication view: every case whose readers' complete reads disagree (an answer differs, or
 * an ABC/2 volume beyond the tolerance), or that was adjudicated, with the two reads side by side;
 * the adjudicator (signed in under their own name) records the consensus read.
 */
export function AdjudicationDialog() {
  const open = useReadingStore((s) => s.dialog === 'adjudication');
  const reads = useReadingStore((s) => s.reads);
  const record = useReadingStore((s) => s.record);
  const tolerance = useReadingStore((s) => s.abc2ToleranceMl);
  const seed = useReadingStore((s) => s.seed);
  const close = () => useReadingStore.getState().setDialog(null);
  const cases = useMemo(() => {
    if (!open) return [];
    const codes = currentCaseCodes();
    return [...codes].flatMap(([uid, code]) => {
      const mine = reads.filter((r) => r.key.studyInstanceUID === uid);
      const disagreements = caseDisagreements(mine, caseMeasures(record?.measurements ?? [], uid, tolerance));
      const existing = mine.find((r) => r.role === 'consensus') ?? null;
      if (disagreements.length === 0) return [];
      const [x, y] = disagreements[0].readers;
      const pair = [x, y].map((reader) => mine.find((r) => r.role === 'reader' && r.reader === reader)!) as [StoredRead, StoredRead];
      return [{ uid, code, pair, existing }];
    });
  }, [open, reads, record, tolerance, seed]);
  if (!open) return null;
  return (
    <div className="help-backdrop" onClick={close}>
      <div className="help reading-dialog" role="dialog" aria-modal="true" aria-label="Adjudication" onClick={(e) => e.stopPropagation()}>
        <h2>Adjudication</h2>
        {cases.length === 0 ? <p>No case needs adjudication: the readers’ complete reads agree.</p> : cases.map((c) => <CaseAdjudication key={c.uid} code={c.code} studyUID={c.uid} reads={c.pair} existing={c.existing} />)}
        <button type="button" onClick={close}>Close adjudication</button>
      </div>
    </div>
  );
}
