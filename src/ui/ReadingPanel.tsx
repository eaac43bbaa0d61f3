import { useEffect, useMemo, useState } from 'react';
import { CASE_STATES } from '../core/reading/caseState';
import { emptyHtRead, type HtRead } from '../core/trial/htRead';
import { currentWorklist, importRandomisation, openCase, saveCaseRead, startReadingService, stepCase } from '../services/readingService';
import { usePreferencesStore } from '../state/preferencesStore';
import { useReadingStore, type WorklistFilter } from '../state/readingStore';
import { useStudyStore } from '../state/studyStore';
import { patientTimepoints, studyMeta, useTrialStore } from '../state/trialStore';
import { CaseMeasurements } from './CaseMeasurements';
import { ReadForm } from './ReadForm';

/** The timepoint label of every open study: typed in the trial data, else suggested from the study dates. */
function useTimepoints(): Map<string, string> {
  const index = useStudyStore((s) => s.index);
  const meta = useTrialStore((s) => s.meta);
  return useMemo(() => {
    const out = new Map<string, string>();
    for (const p of index?.patients ?? []) {
      const suggested = patientTimepoints(p);
      p.studies.forEach((st, i) => out.set(st.studyInstanceUID, studyMeta(meta, st.studyInstanceUID).timepoint || suggested[i].label || ''));
    }
    return out;
  }, [index, meta]);
}

/** The signed-in reader's own read of the open case: a draft kept here until saved to the record. */
function CaseRead({ studyUID, initial, showNames }: { studyUID: string; initial: HtRead; showNames: boolean }) {
  const [draft, setDraft] = useState(initial);
  const [status, setStatus] = useState<string | null>(null);
  const record = useReadingStore((s) => s.record);
  const save = () => {
    saveCaseRead(studyUID, 'reader', draft)
      .then(() => setStatus('Saved to the record'))
      .catch((e: unknown) => setStatus(e instanceof Error ? e.message : String(e)));
  };
  return (
    <>
      <ReadForm value={draft} onChange={setDraft} label="Read of this case" />
      <div className="read-actions">
        <button type="button" onClick={save}>Save read</button>
        {status ? <span role="status" aria-label="Read status">{status}</span> : null}
      </div>
      <h3 className="read-heading">Measurements (read-only)</h3>
      <CaseMeasurements record={record} studyUID={studyUID} showNames={showNames} />
    </>
  );
}

/**
 * Trial reading: the worklist of the open studies in the seeded blinded order with each case's
 * state (filterable; Shift+N / Shift+P step through it), the read form of the case being read,
 * the randomisation list import (its arms never shown) and the adjudication and agreement views.
 */
export function ReadingPanel() {
  const index = useStudyStore((s) => s.index);
  const reader = usePreferencesStore((s) => s.reader);
  const blinded = usePreferencesStore((s) => s.blinded);
  const r = useReadingStore();
  const timepoints = useTimepoints();
  useEffect(startReadingService, []);
  // Recomputed whenever the reads, record, seed or reader change (the store holds them).
  const list = useMemo(() => currentWorklist(), [r.reads, r.record, r.seed, r.abc2ToleranceMl, reader, index]);
  if (!index || index.patients.length === 0) return <p className="empty">Open studies to read them.</p>;
  if (!r.available) return <p className="empty">This app’s record does not keep trial reads on this platform yet.</p>;
  const shown = list.filter((c) => r.filter === 'all' || c.state === r.filter);
  const current = list.find((c) => c.studyInstanceUID === r.currentCase) ?? null;
  const own = r.reads.find((x) => x.role === 'reader' && x.reader === reader && x.key.studyInstanceUID === r.currentCase);
  const showTimepoint = !blinded || !r.hideTimepoint;
  return (
    <div className="reading-panel" aria-label="Trial reading">
      <div className="reading-row">
        <span>
          Reading as <b aria-label="Reading as">{reader || '(no reader name)'}</b>
        </span>
        <label className="read-inline">
          <input type="checkbox" aria-label="Hide timepoint" checked={r.hideTimepoint} onChange={(e) => r.setHideTimepoint(e.target.checked)} /> hide timepoint when blinded
        </label>
      </div>
      <div className="reading-row">
        <label>
          Order seed <input aria-label="Reading seed" value={r.seed} onChange={(e) => r.setSeed(e.target.value)} size={10} />
        </label>
        <label>
          ABC/2 tolerance{' '}
          <input aria-label="ABC/2 tolerance" type="number" min={0} step={0.5} value={r.abc2ToleranceMl} onChange={(e) => r.setAbc2Tolerance(Number(e.target.value))} style={{ width: 52 }} /> mL
        </label>
      </div>
      <div className="reading-row">
        <label>
          Randomisation CSV{' '}
          <input
            type="file"
            accept=".csv,text/csv"
            aria-label="Randomisation CSV"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void importRandomisation(file);
            }}
          />
        </label>
        {r.armsFile ? <span className="muted" aria-label="Randomisation loaded">{r.arms.size} subjects · arms hidden until export</span> : null}
      </div>
      <div className="reading-row">
        <button type="button" onClick={() => r.setDialog('adjudication')}>Adjudication</button>
        <button type="button" onClick={() => r.setDialog('agreement')}>Agreement</button>
        <span style={{ flex: 1 }} />
        <select aria-label="Worklist filter" value={r.filter} onChange={(e) => r.setFilter(e.target.value as WorklistFilter)}>
          <option value="all">all cases</option>
          {CASE_STATES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </div>
      <ol className="worklist" aria-label="Worklist">
        {shown.map((c) => (
          <li key={c.studyInstanceUID}>
            <button
              type="button"
              className="worklist-case"
              aria-label={`Case ${c.code}`}
              aria-current={c.studyInstanceUID === r.currentCase ? 'true' : undefined}
              onClick={() => openCase(c.studyInstanceUID)}
            >
              <span className="code">{c.code}</span>
              {showTimepoint ? <span className="timepoint">{timepoints.get(c.studyInstanceUID)}</span> : null}
              <span className="case-state" data-state={c.state} aria-label="Case state">{c.state}</span>
            </button>
          </li>
        ))}
        {shown.length === 0 ? <li className="muted">No case is {r.filter}.</li> : null}
      </ol>
      <div className="reading-row">
        <button type="button" onClick={() => stepCase(-1)} title="Previous case (Shift+P)">◀ Previous case</button>
        <button type="button" onClick={() => stepCase(1)} title="Next case (Shift+N)">Next case ▶</button>
      </div>
      {current ? (
        <section className="case-read" aria-label={`Case ${current.code}`}>
          <h3 className="read-heading" aria-label="Case being read">Case {current.code}{showTimepoint ? ` · ${timepoints.get(current.studyInstanceUID)}` : ''}</h3>
          <CaseRead key={`${current.studyInstanceUID}:${reader}`} studyUID={current.studyInstanceUID} initial={own?.read ?? emptyHtRead()} showNames={showTimepoint} />
        </section>
      ) : (
        <p className="muted">Pick a case in the worklist.</p>
      )}
      {r.message ? <p role="status" aria-label="Reading message">{r.message}</p> : null}
    </div>
  );
}
