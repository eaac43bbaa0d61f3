import './zodWithoutEval';
import { useEffect, useState } from 'react';
import { folderFromDataTransfer, folderFromFileList } from '../platform/browserPlatform';
import { useStudyStore } from '../state/studyStore';
import { warmDtiWorkers } from '../services/dtiPipeline';
import { useDtiStore } from '../state/dtiStore';
import { getPlatform } from '../platform';
import { prestartIndexWorkers } from '../workers/indexPool';
import { warmUpMapRendering } from '../viewer/warmUpMapRendering';
import { openFolder } from './actions';
import { AdjudicationDialog } from './AdjudicationDialog';
import { AgreementDialog } from './AgreementDialog';
import { DtiPanel } from './DtiPanel';
import { ExportDialog } from './ExportDialog';
import { ServerDialog } from './ServerDialog';
import { HelpOverlay } from './HelpOverlay';
import { PerfusionPanel } from './PerfusionPanel';
import { ReadingPanel } from './ReadingPanel';
import { RoiPanel } from './RoiPanel';
import { handleShortcutKey } from './shortcuts';
import { SidebarSection } from './SidebarSection';
import { SkippedFilesPanel } from './SkippedFilesPanel';
import { StatusBar } from './StatusBar';
import { StudyBrowser } from './StudyBrowser';
import { TagInspector } from './TagInspector';
import { Toolbar } from './Toolbar';
import { ViewportGrid } from './ViewportGrid';

function reportFailure(error: unknown): void {
  useStudyStore.getState().setError(error instanceof Error ? error.message : String(error));
}

export function App() {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    // Workers start now, before the first folder is picked: browser hosts index Files on them, and every host fits on them.
    void getPlatform().then((p) => p.kind === 'browser' && prestartIndexWorkers());
    warmDtiWorkers(useDtiStore.getState().estimator);
    // The first map's viewport set-up and draw, once, off screen, when the UI thread is idle (Safari has no idle callbacks).
    const warm = (): void => void warmUpMapRendering();
    if (typeof requestIdleCallback !== 'function') {
      const timer = setTimeout(warm, 500);
      return () => clearTimeout(timer);
    }
    const idle = requestIdleCallback(warm, { timeout: 1000 });
    return () => cancelIdleCallback(idle);
  }, []);
  useEffect(() => {
    window.addEventListener('keydown', handleShortcutKey);
    return () => window.removeEventListener('keydown', handleShortcutKey);
  }, []);
  return (
    <div
      className={dragging ? 'app dragging' : 'app'}
      onDragOver={(e) => {
        // Only files from outside open a folder; series and maps dragged inside the app drop on viewports.
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(false);
        folderFromDataTransfer(e.dataTransfer).then(openFolder).catch(reportFailure);
      }}
    >
      <Toolbar />
      {/* The folder input the browser build falls back to, also driven directly by the e2e tests. */}
      <input
        className="visually-hidden"
        type="file"
        aria-label="Folder input"
        // @ts-expect-error webkitdirectory is a non-standard attribute React passes through
        webkitdirectory=""
        multiple
        onChange={(e) => {
          const folder = e.currentTarget.files ? folderFromFileList(e.currentTarget.files) : null;
          e.currentTarget.value = '';
          openFolder(folder).catch(reportFailure);
        }}
      />
      <div className="workspace">
        <aside className="sidebar sidebar-left" aria-label="Studies">
          <StudyBrowser />
          <section className="reading-section" aria-label="Trial reading section">
            <SidebarSection title="Trial reading">
              <ReadingPanel />
            </SidebarSection>
          </section>
          <SkippedFilesPanel />
        </aside>
        <ViewportGrid />
        <aside className="sidebar sidebar-right" aria-label="Analysis panels">
          <SidebarSection title="DTI maps">
            <DtiPanel />
          </SidebarSection>
          <SidebarSection title="Perfusion">
            <PerfusionPanel />
          </SidebarSection>
          <SidebarSection title="Measurements">
            <RoiPanel />
          </SidebarSection>
        </aside>
      </div>
      <StatusBar />
      <HelpOverlay />
      <TagInspector />
      <ExportDialog />
      <ServerDialog />
      <AdjudicationDialog />
      <AgreementDialog />
      {dragging ? <div className="drop-hint">Drop a DICOM folder to open it</div> : null}
    </div>
  );
}
