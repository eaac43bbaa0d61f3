import { useStudyStore } from '../state/studyStore';
import { cancelIndexing } from '../services/studyService';

/** Download and indexing progress (counts, bar, cancel) and the last error. */
export function StatusBar() {
  const progress = useStudyStore((s) => s.progress);
  const download = useStudyStore((s) => s.download);
  const error = useStudyStore((s) => s.error);
  const index = useStudyStore((s) => s.index);
  const seriesCount = index?.patients.reduce((n, p) => n + p.studies.reduce((m, st) => m + st.series.length, 0), 0) ?? 0;
  return (
    <footer className="statusbar">
      {download ? (
        <>
          <span>Loading the demo study {(download.loaded / 1e6).toFixed(1)} / {(download.total / 1e6).toFixed(1)} MB</span>
          <progress aria-label="Download progress" max={Math.max(1, download.total)} value={download.loaded} />
        </>
      ) : progress ? (
        <>
          <span>Indexing {progress.done} / {progress.total} files</span>
          <progress aria-label="Indexing progress" max={Math.max(1, progress.total)} value={progress.done} />
          <button type="button" onClick={cancelIndexing}>Cancel indexing</button>
        </>
      ) : index ? (
        <span>{index.fileCount} files · {seriesCount} series</span>
      ) : (
        <span>Ready</span>
      )}
      {error ? <span role="alert" className="error">{error}</span> : null}
    </footer>
  );
}
