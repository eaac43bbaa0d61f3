import { HEIDELBERG_CLASSES, type HeidelbergCode } from '../core/trial/heidelberg';
import { ARTERIAL_TERRITORIES, INFARCT_SIDES, type HtRead } from '../core/trial/htRead';
import { validateHtRead } from '../core/trial/validateHtRead';

/** The short name of a Heidelberg class for the form: its code and the first clause of its label. */
const shortLabel = (label: string) => label.split(':')[0];

/**
 * The structured read of one case: haemorrhage by the Heidelberg classification (several classes
 * may be ticked; 'none' stands alone) with each class's ECASS equivalent, symptomatic yes/no,
 * infarct side and territory, number of lesions, free-text comment. Render only: the parent holds
 * the draft and saves it; the problems validateHtRead finds are listed under the form.
 */
export function ReadForm({ value, onChange, label }: { value: HtRead; onChange: (read: HtRead) => void; label: string }) {
  const set = (change: Partial<HtRead>) => onChange({ ...value, ...change });
  const classes = value.heidelberg ?? [];
  const bleeding = classes.some((c) => c !== 'none');
  const toggle = (code: HeidelbergCode, on: boolean) => {
    if (code === 'none') return set({ heidelberg: on ? ['none'] : [], symptomatic: on ? null : value.symptomatic });
    const next = on ? [...classes.filter((c) => c !== 'none'), code] : classes.filter((c) => c !== code);
    set({ heidelberg: next, ...(next.length === 0 ? { symptomatic: null } : {}) });
  };
  const problems = validateHtRead(value);
  return (
    <form className="read-form" aria-label={label} onSubmit={(e) => e.preventDefault()}>
      <fieldset>
        <legend>Haemorrhagic transformation (Heidelberg · ECASS)</legend>
        {HEIDELBERG_CLASSES.map((k) => (
          <label key={k.code} className="read-choice" title={k.label}>
            <input type="checkbox" aria-label={`Heidelberg ${k.code}`} checked={classes.includes(k.code)} onChange={(e) => toggle(k.code, e.target.checked)} />
            <span className="code">{k.code}</span> {k.code === 'none' ? 'No haemorrhage' : shortLabel(k.label)}
            <span className="muted"> · ECASS {k.ecass ?? '—'}</span>
          </label>
        ))}
      </fieldset>
      <fieldset disabled={!bleeding}>
        <legend>Symptomatic</legend>
        {([true, false] as const).map((v) => (
          <label key={String(v)} className="read-inline">
            <input type="radio" name={`${label}-symptomatic`} aria-label={`Symptomatic ${v ? 'yes' : 'no'}`} checked={value.symptomatic === v} onChange={() => set({ symptomatic: v })} /> {v ? 'yes' : 'no'}
          </label>
        ))}
      </fieldset>
      <div className="read-grid">
        <label>
          Infarct side
          <select aria-label="Infarct side" value={value.side ?? ''} onChange={(e) => set({ side: e.target.value === '' ? null : (e.target.value as HtRead['side']) })}>
            <option value="">—</option>
            {INFARCT_SIDES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>
          Territory
          <select aria-label="Arterial territory" value={value.territory ?? ''} onChange={(e) => set({ territory: e.target.value === '' ? null : (e.target.value as HtRead['territory']) })}>
            <option value="">—</option>
            {ARTERIAL_TERRITORIES.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
        <label>
          Lesions
          <input
            aria-label="Number of lesions"
            type="number"
            min={0}
            step={1}
            value={value.lesionCount ?? ''}
            onChange={(e) => set({ lesionCount: e.target.value === '' ? null : Number(e.target.value) })}
          />
        </label>
      </div>
      <label className="read-comment">
        Comment
        <textarea aria-label="Comment" rows={2} value={value.comment} onChange={(e) => set({ comment: e.target.value })} />
      </label>
      {problems.length > 0 ? (
        <ul className="read-problems" aria-label="Read problems">
          {problems.map((p) => <li key={`${p.field}-${p.message}`}>{p.message}</li>)}
        </ul>
      ) : (
        <p className="read-ok">All required fields answered.</p>
      )}
    </form>
  );
}
