import { usePreferencesStore } from '../state/preferencesStore';
import { useStudyStore } from '../state/studyStore';
import { SidebarSection } from './SidebarSection';

/** Every file that was not indexed, with its reason: nothing is dropped silently (collapsed until opened, the count always shown). */
export function SkippedFilesPanel() {
  const skipped = useStudyStore((s) => s.skipped);
  // Paths carry folder names, which often are the patient ID or the scan date.
  const blinded = usePreferencesStore((s) => s.blinded);
  return (
    <section className="panel skipped" aria-label="Skipped files">
      <SidebarSection title="Skipped files" extra={<span className="muted"> ({skipped.length})</span>} defaultOpen={false}>
        {skipped.length === 0 ? <p className="empty">None.</p> : (
          <ul>
            {skipped.map((s, i) => (
              <li key={`${s.path}-${i}`}>
                <span className="path">{blinded ? '(path hidden: blinded)' : s.path}</span>
                <span className="reason">{s.reason}</span>
              </li>
            ))}
          </ul>
        )}
      </SidebarSection>
    </section>
  );
}
