import type { FormEvent } from 'react';
import type { DicomwebAuth } from '../core/dicomweb/requests';
import type { SavedSignIn } from '../shared/ipcContract';
import { useStudyStore } from '../state/studyStore';
import { useDicomwebStore } from '../state/dicomwebStore';
import { usePreferencesStore } from '../state/preferencesStore';
import { cancelServerRequest, forgetSavedSignIn, lookUpSavedSignIn, openServerStudy, searchServer } from './dicomwebActions';
import { storeResultsToServer } from './storeResults';
import { formatPersonName } from './seriesLabels';

/** '20240312' → '2024-03-12' (as stored when not a full date). */
function showDate(da: string): string {
  return /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6)}` : da;
}

function AuthFields({ auth, setAuth, saved }: { auth: DicomwebAuth; setAuth(a: DicomwebAuth): void; saved: SavedSignIn | null }) {
  return (
    <div className="server-row">
      <label>
        Sign-in{' '}
        <select
          aria-label="Authentication"
          value={auth.kind}
          onChange={(e) => {
            const kind = e.target.value as DicomwebAuth['kind'];
            setAuth(kind === 'basic' ? { kind, user: '', password: '' } : kind === 'bearer' ? { kind, token: '' } : kind === 'saved' ? { kind, user: saved?.user ?? '' } : { kind: 'none' });
          }}
        >
          <option value="none">none</option>
          <option value="basic">user and password</option>
          <option value="bearer">bearer token</option>
          {saved ? <option value="saved">{`saved on this computer${saved.user ? ` (${saved.user})` : ' (token)'}`}</option> : null}
        </select>
      </label>
      {auth.kind === 'basic' ? (
        <>
          <input aria-label="User" autoComplete="off" placeholder="user" value={auth.user} onChange={(e) => setAuth({ ...auth, user: e.target.value })} />
          <input aria-label="Password" type="password" autoComplete="off" placeholder="password" value={auth.password} onChange={(e) => setAuth({ ...auth, password: e.target.value })} />
        </>
      ) : null}
      {auth.kind === 'bearer' ? (
        <input aria-label="Token" type="password" autoComplete="off" placeholder="token" value={auth.token} onChange={(e) => setAuth({ ...auth, token: e.target.value })} />
      ) : null}
    </div>
  );
}

/** What the dialog says while a request runs. */
function busyText(s: ReturnType<typeof useDicomwebStore.getState>): string {
  if (s.busy === 'searching') return 'Searching…';
  if (s.busy === 'storing') {
    const p = s.storeProgress;
    const sent = p && p.bytes < 1e6 ? `${Math.round(p.bytes / 1e3)} kB` : `${((p?.bytes ?? 0) / 1e6).toFixed(1)} MB`;
    return p ? `Storing ${Math.min(p.done + 1, p.total)} of ${p.total}${p.label ? ` (${p.label})` : ''} · ${sent} sent` : 'Building the result objects…';
  }
  const mb = s.progress ? (s.progress.bytes / 1e6).toFixed(1) : '0.0';
  return s.progress ? `Retrieving series ${Math.min(s.progress.seriesDone + 1, s.progress.seriesTotal)} of ${s.progress.seriesTotal} · ${mb} MB` : 'Listing series…';
}

/**
 * Open from server: a DICOMweb connection (credentials in memory, or saved encrypted on the
 * desktop), a QIDO-RS study search and the matching studies; Open retrieves one whole (WADO-RS)
 * and opens it like a local folder; Store results sends the open study's SEG + SR (STOW-RS).
 */
export function ServerDialog() {
  const s = useDicomwebStore();
  const blinded = usePreferencesStore((p) => p.blinded);
  const studyOpen = useStudyStore((st) => st.index !== null);
  if (!s.dialogOpen) return null;
  const close = () => s.setDialogOpen(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void searchServer();
  };
  const progress = s.busy === 'storing' ? (s.storeProgress ? { max: s.storeProgress.total, value: s.storeProgress.done, label: 'Storing progress' } : null) : s.progress ? { max: s.progress.seriesTotal, value: s.progress.seriesDone, label: 'Retrieval progress' } : null;
  return (
    <div className="help-backdrop" onClick={close}>
      <div className="help server-dialog" role="dialog" aria-modal="true" aria-label="Open from server" onClick={(e) => e.stopPropagation()}>
        <h2>Open from a DICOMweb server</h2>
        <form onSubmit={submit} className="server-form">
          <label className="server-row">
            URL{' '}
            <input aria-label="DICOMweb URL" className="server-url" value={s.url} onChange={(e) => s.setUrl(e.target.value)} onBlur={() => void lookUpSavedSignIn()} placeholder="http://pacs:8042/dicom-web (web build: /dicomweb-proxy/dicom-web)" />
          </label>
          <AuthFields auth={s.auth} setAuth={s.setAuth} saved={s.savedSignIn} />
          {s.canRemember ? (
            <div className="server-row">
              <label>
                <input type="checkbox" checked={s.remember} onChange={(e) => s.setRemember(e.target.checked)} /> Remember this sign-in on this computer (encrypted by the system keychain)
              </label>
              {s.savedSignIn ? <button type="button" onClick={() => void forgetSavedSignIn()}>Forget saved sign-in</button> : null}
            </div>
          ) : null}
          <div className="server-row">
            <input aria-label="Patient ID" placeholder="patient ID" value={s.search.patientId ?? ''} onChange={(e) => s.setSearch({ patientId: e.target.value })} />
            <input aria-label="Patient name" placeholder="name (prefix)" value={s.search.patientName ?? ''} onChange={(e) => s.setSearch({ patientName: e.target.value })} />
            <input aria-label="Study date" placeholder="date or from - to" value={s.search.studyDate ?? ''} onChange={(e) => s.setSearch({ studyDate: e.target.value })} />
            <input aria-label="Modality" placeholder="modality" size={6} value={s.search.modality ?? ''} onChange={(e) => s.setSearch({ modality: e.target.value })} />
            <button type="submit" disabled={s.busy !== null}>Search</button>
          </div>
        </form>
        {s.busy ? (
          <div className="server-row" role="status">
            {busyText(s)}
            {progress ? <progress aria-label={progress.label} max={progress.max} value={progress.value} /> : null}
            <button type="button" onClick={cancelServerRequest}>Cancel</button>
          </div>
        ) : null}
        {s.error ? <p role="alert" className="error">{s.error}</p> : null}
        {s.note ? <p role="status" className="server-done">{s.note}</p> : null}
        {s.results ? (
          s.results.length === 0 ? (
            <p>No study matches.</p>
          ) : (
            <table className="server-results" aria-label="Studies on the server">
              <thead>
                <tr><th>Patient</th><th>ID</th><th>Date</th><th>Description</th><th>Modalities</th><th>Series</th><th>Images</th><th /></tr>
              </thead>
              <tbody>
                {s.results.map((st) => (
                  <tr key={st.studyInstanceUID}>
                    <td>{blinded ? '—' : formatPersonName(st.patientName)}</td>
                    <td>{blinded ? '—' : st.patientId}</td>
                    <td>{blinded ? '—' : showDate(st.studyDate)}</td>
                    <td>{blinded ? '—' : st.description}</td>
                    <td>{st.modalities.join(', ')}</td>
                    <td>{st.seriesCount ?? ''}</td>
                    <td>{st.instanceCount ?? ''}</td>
                    <td><button type="button" disabled={s.busy !== null} onClick={() => void openServerStudy(st)} aria-label={`Open study ${st.studyInstanceUID}`}>Open</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        ) : null}
        <div className="server-row server-store">
          <button type="button" disabled={s.busy !== null || !studyOpen} onClick={() => void storeResultsToServer()} title="The open study's ROIs, measurements and lesions as DICOM SEG + SR (and the fitted maps), identified, stored with STOW-RS">
            Store results to server
          </button>
          <span className="server-note">{studyOpen ? 'The open study’s ROIs and measurements as DICOM SEG + SR (and its fitted maps), into its study on this server.' : 'Open a study to store its results.'}</span>
        </div>
        <div className="server-row">
          <span className="server-note">{s.canRemember ? 'A sign-in is kept in memory unless you ask to remember it.' : 'Credentials stay in memory for this session only.'}</span>
          <button type="button" onClick={close}>Close</button>
        </div>
      </div>
    </div>
  );
}
