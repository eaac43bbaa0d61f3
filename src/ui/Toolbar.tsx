import { openServerDialog } from './dicomwebActions';
import { usePreferencesStore } from '../state/preferencesStore';
import { useTrialStore } from '../state/trialStore';
import { useSyncStore } from '../state/syncStore';
import { LAYOUTS, useViewportStore, type Orientation } from '../state/viewportStore';
import { useStudyStore } from '../state/studyStore';
import { MapGridButton } from './MapGridButton';
import { acquiredPlane, applyPreset, presetsOf, openDemo, pickFolder, reformat, resetViewport, toggleInvert } from './actions';

const LAYOUT_NAMES: Record<string, string> = { '1x1': '1×1', '1x2': '1×2', '2x1': '2×1', '2x2': '2×2' };
const PLANES: { orientation: Orientation; label: string; key: string }[] = [
  { orientation: 'axial', label: 'Axial', key: 'a' },
  { orientation: 'coronal', label: 'Coronal', key: 'c' },
  { orientation: 'sagittal', label: 'Sagittal', key: 's' },
];

export function Toolbar() {
  const layout = useViewportStore((s) => s.layout);
  const setLayout = useViewportStore((s) => s.setLayout);
  const blinded = usePreferencesStore((s) => s.blinded);
  const toggleBlinded = usePreferencesStore((s) => s.toggleBlinded);
  const helpOpen = usePreferencesStore((s) => s.helpOpen);
  const crosshairOn = useSyncStore((s) => s.crosshairOn);
  const toggleCrosshair = useSyncStore((s) => s.toggleCrosshair);
  // The active viewport's plane: its map's orientation, its reformat, or null for the acquired stack.
  const plane = useViewportStore((s) => s.slots[s.active].map?.orientation ?? s.slots[s.active].orientation ?? null);
  const isMap = useViewportStore((s) => s.slots[s.active].map !== null);
  const setHelpOpen = usePreferencesStore((s) => s.setHelpOpen);
  // The presets follow the active viewport (a CT perfusion has its own); the index re-renders them once a study opens.
  const activeSlot = useViewportStore((s) => s.slots[s.active]);
  useStudyStore((s) => s.index);
  const presets = presetsOf(activeSlot);
  return (
    <header className="toolbar" role="toolbar" aria-label="Viewer tools">
      <span className="brand">DTI Trial Viewer</span>
      <div className="group" role="group" aria-label="Open">
        <button type="button" onClick={pickFolder} title="Open a DICOM folder">Open folder</button>
        <button type="button" onClick={openDemo} title="Open the built-in synthetic demo study">Open demo</button>
        <button type="button" onClick={openServerDialog} title="Search a DICOMweb server (PACS, Orthanc) and open a study, or store the open study's results there">Open from server</button>
      </div>
      <div className="group" role="group" aria-label="Layout">
        {LAYOUTS.map((l) => (
          <button
            key={l}
            type="button"
            aria-label={`Layout ${LAYOUT_NAMES[l]}`}
            aria-pressed={layout === l}
            onClick={() => setLayout(l)}
          >
            {LAYOUT_NAMES[l]}
          </button>
        ))}
        <MapGridButton />
      </div>
      <div className="group" role="group" aria-label="Window presets">
        {presets.map((p, i) => (
          <button
            key={p.label}
            type="button"
            aria-label={`Window preset ${p.label}`}
            title={p.ww === null ? `${p.label} (${i + 1})` : `${p.label}: W ${p.ww} L ${p.wc} (${i + 1})`}
            onClick={() => applyPreset(i)}
          >
            {p.label}
          </button>
        ))}
      </div>
      <div className="group" role="group" aria-label="Plane of the active viewport">
        <button type="button" aria-label="Acquired plane" aria-pressed={plane === null} disabled={isMap} onClick={acquiredPlane} title="The acquired slices as a stack (n)">
          Acq
        </button>
        {PLANES.map((p) => (
          <button key={p.orientation} type="button" aria-label={`${p.label} reformat`} aria-pressed={plane === p.orientation} onClick={() => reformat(p.orientation)} title={`${p.label} (${p.key})`}>
            {p.label.slice(0, 3)}
          </button>
        ))}
      </div>
      <div className="group" role="group" aria-label="View">
        <button type="button" aria-label="Crosshair" aria-pressed={crosshairOn} onClick={toggleCrosshair} title="Crosshair: click or drag to set a point every linked viewport jumps to (h)">
          ✛
        </button>
        <button type="button" onClick={toggleInvert} aria-label="Invert" title="Invert (i)">Invert</button>
        <button type="button" onClick={resetViewport} aria-label="Reset view" title="Reset (r)">Reset</button>
      </div>
      <div className="spacer" />
      <div className="group" role="group" aria-label="Review">
        <button type="button" aria-label="Tags" onClick={() => useTrialStore.getState().setInspectorOpen(true)} title="DICOM tags of the shown image (t)">Tags</button>
        <button type="button" aria-label="Trial export" onClick={() => useTrialStore.getState().setExportOpen(true)} title="Trial data, measurements and export">Export</button>
        <button type="button" aria-label="Blinded" aria-pressed={blinded} onClick={toggleBlinded} title="Hide patient information (b)">
          Blinded
        </button>
        <button type="button" aria-label="Help" aria-pressed={helpOpen} onClick={() => setHelpOpen(!helpOpen)} title="Keyboard shortcuts (?)">
          ?
        </button>
      </div>
    </header>
  );
}
