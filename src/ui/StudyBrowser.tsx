import { useStudyStore } from '../state/studyStore';
import { studiesByDate } from '../core/dicom/studiesByDate';
import { studyTimepoints } from '../services/seriesContext';
import { useTrialStore } from '../state/trialStore';
import { usePreferencesStore } from '../state/preferencesStore';
import { useViewportStore } from '../state/viewportStore';
import { showSeriesIn } from './actions';
import { SERIES_DRAG_TYPE } from './dragTypes';
import { useReadingStore } from '../state/readingStore';
import { formatDate, formatPersonName, kindBadge } from './seriesLabels';
import { useCaseCodes } from './useCaseCode';

/** Patient → study → series tree of the opened folder; clicking a series shows it in the active viewport, dragging it onto a viewport shows it there. */
export function StudyBrowser() {
  const index = useStudyStore((s) => s.index);
  const folderName = useStudyStore((s) => s.folderName);
  const blinded = usePreferencesStore((s) => s.blinded);
  const hideTimepoint = useReadingStore((s) => s.hideTimepoint) && blinded;
  const codes = useCaseCodes();
  const trialMeta = useTrialStore((s) => s.meta);
  const slots = useViewportStore((s) => s.slots);
  const active = useViewportStore((s) => s.active);
  const shown = slots[active]?.seriesUID;
  return (
    <nav className="panel study-browser" aria-label="Study browser">
      <h2 className="panel-title">Studies{folderName && !blinded ? <span className="muted"> · {folderName}</span> : null}</h2>
      {!index || index.patients.length === 0 ? (
        <p className="empty">{index ? 'No DICOM images found.' : 'Open a folder or the demo study.'}</p>
      ) : (
        <ul role="tree" aria-label="Patients">
          {index.patients.map((p, pi) => {
            const timepoints = studyTimepoints(p, trialMeta);
            const patientLabel = blinded ? `Patient ${pi + 1}` : `${formatPersonName(p.patientName)} · ${p.patientId || 'no ID'}`;
            return (
              <li key={`${p.patientId}-${pi}`} role="treeitem" aria-expanded="true" aria-label={`Patient ${patientLabel}`}>
                <div className="patient-row">
                  <span data-phi="patient-name">{patientLabel}</span>
                  {!blinded && p.sex ? <span className="muted"> {p.sex}</span> : null}
                </div>
                <ul role="group">
                  {/* Oldest first, as timepoints are read (the index keeps the order files were found in); undated last. */}
                  {/* Blinded with the timepoint hidden, studies go by case code: date order would tell the visits apart. */}
                  {(hideTimepoint ? [...p.studies].sort((a, b) => (codes.get(a.studyInstanceUID) ?? '').localeCompare(codes.get(b.studyInstanceUID) ?? '')) : studiesByDate(p.studies)).map((st) => {
                    const tp = hideTimepoint ? null : timepoints.get(st.studyInstanceUID);
                    const code = codes.get(st.studyInstanceUID) ?? '';
                    return (
                      <li key={st.studyInstanceUID} role="treeitem" aria-expanded="true" aria-label={blinded ? `Study case ${code}` : `Study ${st.description || formatDate(st.studyDate)}`}>
                        <div className="study-row">
                          {tp ? <span className="timepoint">{tp}</span> : null}
                          <span>{blinded ? `case ${code}` : formatDate(st.studyDate)}</span>
                          {blinded ? null : <span className="muted">{st.description || '(no description)'}</span>}
                        </div>
                        <ul role="group">
                          {st.series.map((se) => (
                            <li
                              key={se.seriesInstanceUID}
                              role="treeitem"
                              aria-selected={se.seriesInstanceUID === shown}
                              aria-label={`Series ${se.seriesNumber ?? ''} ${blinded ? '' : se.description} ${kindBadge(se)}`.replace(/\s+/g, ' ')}
                              tabIndex={0}
                              draggable
                              onDragStart={(e) => {
                                e.dataTransfer.setData(SERIES_DRAG_TYPE, se.seriesInstanceUID);
                                e.dataTransfer.effectAllowed = 'copy';
                              }}
                              className={se.seriesInstanceUID === shown ? 'series-row selected' : 'series-row'}
                              onClick={() => showSeriesIn(se.seriesInstanceUID)}
                              onKeyDown={(e) => {
                                if (e.key === 'Enter') showSeriesIn(se.seriesInstanceUID);
                              }}
                              title={[...se.warnings, se.diffusionProblem ?? ''].filter(Boolean).join('\n') || undefined}
                            >
                              <span className="num">{se.seriesNumber ?? '–'}</span>
                              <span className="mod">{se.modality}</span>
                              <span className="badge" data-kind={se.kind}>{kindBadge(se)}</span>
                              <span className="desc">{blinded ? '' : se.description || '(no description)'}</span>
                              <span className="count" aria-label={`${se.frames.length} images`}>{se.frames.length}</span>
                              {se.diffusionProblem || se.warnings.length > 0 ? <span className="warn" aria-label="Has warnings">!</span> : null}
                            </li>
                          ))}
                        </ul>
                      </li>
                    );
                  })}
                </ul>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}
