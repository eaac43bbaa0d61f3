import { usePreferencesStore } from '../state/preferencesStore';
import { useStudyStore } from '../state/studyStore';
import { derivedSubjectId, patientTimepoints, studyMeta, useTrialStore } from '../state/trialStore';

/**
 * Trial metadata of every open study: subject pseudonym (typed, or derived from the trial key
 * and PatientID: never the name), timepoint (suggested from days since the subject's first
 * study, editable) and site. Empty fields mean "use the derived / suggested value". The reader is
 * not typed here: the export is signed by the readers who signed the records (one identity per
 * workstation, the Reader field of the measurement panel).
 */
export function TrialPanel() {
  const index = useStudyStore((s) => s.index);
  const meta = useTrialStore((s) => s.meta);
  const salt = useTrialStore((s) => s.salt);
  const setMeta = useTrialStore((s) => s.setMeta);
  const blinded = usePreferencesStore((s) => s.blinded);
  if (!index || index.patients.length === 0) return <p>Open a study to enter its trial data.</p>;
  let n = 0;
  return (
    <table aria-label="Trial data" style={{ width: '100%', fontSize: 12 }}>
      <thead>
        <tr>
          <th align="left">Study</th>
          <th align="left">Subject ID</th>
          <th align="left">Timepoint</th>
          <th align="left">Site</th>
        </tr>
      </thead>
      <tbody>
        {index.patients.flatMap((p) => {
          const derived = derivedSubjectId(salt, p);
          const suggestions = patientTimepoints(p);
          return p.studies.map((st, i) => {
            n += 1;
            const m = studyMeta(meta, st.studyInstanceUID);
            const label = blinded ? `Study ${n}` : `${st.studyDate || 'undated'} ${st.description}`.trim();
            const field = (key: 'subjectId' | 'timepoint' | 'site', placeholder: string) => (
              <input
                aria-label={`${key === 'subjectId' ? 'Subject ID' : key[0].toUpperCase() + key.slice(1)} of study ${n}`}
                value={m[key]}
                placeholder={placeholder}
                onChange={(e) => setMeta(st.studyInstanceUID, { [key]: e.target.value })}
                style={{ width: '100%' }}
              />
            );
            return (
              <tr key={st.studyInstanceUID}>
                <td>{label}</td>
                <td>{field('subjectId', derived ?? 'set the trial key, or type one')}</td>
                <td>{field('timepoint', suggestions[i].label ?? 'type a timepoint')}</td>
                <td>{field('site', 'site code')}</td>
              </tr>
            );
          });
        })}
      </tbody>
    </table>
  );
}
