import { usePreferencesStore } from '../state/preferencesStore';
import { useViewportStore } from '../state/viewportStore';
import { useSyncStore } from '../state/syncStore';
import { PRIMARY_TOOLS } from '../viewer/tools/measureTools';
import { CTP_WINDOW_PRESETS, WINDOW_PRESETS, type WindowPreset } from '../viewer/windowPresets';
import { acquiredPlane, applyPreset, reformat, resetViewport, scrollSlices, stepVolume, toggleCine, toggleInvert } from './actions';
import { toggleManualSync } from './linkedScroll';
import { toggleMapGrid } from './mapGrid';
import { stepCase } from '../services/readingService';

/**
 * A keyboard shortcut: the keys (KeyboardEvent.key values), what the help lists, and the action.
 * No `run`: the key is handled by the panel that owns the action (measurement tools and undo in
 * the ROI panel, the tag inspector's own key) and is listed here so the help shows every key.
 */
export interface Shortcut {
  keys: string[];
  description: string;
  run?: () => void;
}

const presetText = (p: WindowPreset) => (p.ww === null ? p.label : `${p.label} (W ${p.ww} / L ${p.wc})`);

/** Every shortcut of the viewer; the help overlay lists exactly these. */
export const SHORTCUTS: Shortcut[] = [
  ...WINDOW_PRESETS.map((p, i) => ({
    keys: [String(i + 1)],
    description: `W/L preset: ${presetText(p)}; CT perfusion images: ${presetText(CTP_WINDOW_PRESETS[i])}`,
    run: () => applyPreset(i),
  })),
  { keys: ['PageUp', 'ArrowUp', 'ArrowLeft'], description: 'Previous slice', run: () => scrollSlices(-1) },
  { keys: ['PageDown', 'ArrowDown', 'ArrowRight'], description: 'Next slice', run: () => scrollSlices(1) },
  { keys: ['['], description: 'Previous volume (b-value / direction; CT perfusion: time frame, the slice kept)', run: () => stepVolume(-1) },
  { keys: [']'], description: 'Next volume (b-value / direction; CT perfusion: time frame, the slice kept)', run: () => stepVolume(1) },
  { keys: ['Home'], description: 'First volume / time frame', run: () => stepVolume(-Infinity) },
  { keys: ['End'], description: 'Last volume / time frame', run: () => stepVolume(Infinity) },
  { keys: ['p'], description: 'Play / pause cine through the volumes (CT perfusion: over time, at the cine bar\'s rate)', run: () => toggleCine() },
  { keys: ['a'], description: 'Reformat: axial (series volume or DTI map)', run: () => reformat('axial') },
  { keys: ['c'], description: 'Reformat: coronal', run: () => reformat('coronal') },
  { keys: ['s'], description: 'Reformat: sagittal', run: () => reformat('sagittal') },
  { keys: ['n'], description: 'Acquired plane: back to the image stack (fastest scrolling)', run: acquiredPlane },
  { keys: ['h'], description: 'Crosshair on / off: left click or drag sets a point every linked viewport jumps to', run: () => useSyncStore.getState().toggleCrosshair() },
  { keys: ['k'], description: 'Linked scrolling on / off (same frame of reference)', run: () => useSyncStore.getState().toggleLinked() },
  { keys: ['y'], description: 'Lock / unlock manual sync of the visible viewports at their present offsets', run: toggleManualSync },
  { keys: ['l'], description: 'Cycle layout 1×1 → 1×2 → 2×1 → 2×2', run: () => useViewportStore.getState().cycleLayout() },
  { keys: ['M'], description: 'Maps 2×2 on / off: CBF, CBV, Tmax, PS (or FA, MD, AD, RD), linked; off puts back the layout before (Shift+M)', run: () => void toggleMapGrid() },
  { keys: ['r'], description: 'Reset window, zoom and pan', run: resetViewport },
  { keys: ['i'], description: 'Invert greyscale', run: toggleInvert },
  { keys: ['b'], description: 'Blinded review: hide patient information', run: () => usePreferencesStore.getState().toggleBlinded() },
  ...PRIMARY_TOOLS.map((t) => ({
    keys: [t.key],
    description: t.key === 'w' ? 'Left button tool: W/L (also grabs and moves ROIs, lines and the mirror plane trace)' : `Left button tool: ${t.label}`,
  })),
  { keys: [','], description: 'Mirror plane: move 0.5 mm one way (or drag its dashed line in W/L mode, w: drawing tools draw over it)' },
  { keys: ['.'], description: 'Mirror plane: move 0.5 mm the other way' },
  { keys: ['Ctrl+Z'], description: 'Undo the last measurement edit' },
  { keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], description: 'Redo' },
  { keys: ['t'], description: 'DICOM tag inspector of the shown image' },
  { keys: ['N'], description: 'Trial reading: next case of the worklist (Shift+N)', run: () => stepCase(1) },
  { keys: ['P'], description: 'Trial reading: previous case of the worklist (Shift+P)', run: () => stepCase(-1) },
  { keys: ['?'], description: 'Show / hide this help', run: () => usePreferencesStore.getState().setHelpOpen(!usePreferencesStore.getState().helpOpen) },
  { keys: ['Escape'], description: 'Close help', run: () => usePreferencesStore.getState().setHelpOpen(false) },
];

/** Mouse bindings, listed in the help beside the keys. */
export const MOUSE_BINDINGS: [string, string][] = [
  ['Left drag', 'Window / level (or the selected tool; with the crosshair on, sets the crosshair)'],
  ['Right drag', 'Zoom'],
  ['Middle drag', 'Pan'],
  ['Wheel', 'Scroll slices'],
  ['Drag a series or map', 'Onto a viewport: shows it there'],
];

/** Runs the shortcut for a key press unless the user is typing in a form field. */
export function handleShortcutKey(event: KeyboardEvent): void {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target as HTMLElement | null;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) return;
  const shortcut = SHORTCUTS.find((s) => s.run && s.keys.includes(event.key));
  if (!shortcut?.run) return;
  event.preventDefault();
  shortcut.run();
}
