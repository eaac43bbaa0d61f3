import { useStudyStore } from '../state/studyStore';

/** Every file that was not indexed, with its reason: nothing is dropped silently. */
export function SkippedFilesPanel() {
  const skipped = useStudyStore((s) => s.skipped);
  return (
    <section className="panel skipped" aria-label="Skipped files">
      <h2 className="panel-title">
        Skipped files <span className="muted">({skipped.length})</span>
      </h2>
      {skipped.length === 0 ? null : (
        <ul>
          {skipped.map((s, i) => (
            <li key={`${s.path}-${i}`}>
              <span className="path">{s.path}</span>
              <span className="reason">{s.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
