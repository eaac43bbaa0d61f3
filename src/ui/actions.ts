import type { OpenedFolder } from '../platform/Platform';
import { getPlatform } from '../platform';
import { openStudyFolder } from '../services/studyService';
import { prepareDtiWorkers } from '../services/dtiPipeline';
import { useDtiStore } from '../state/dtiStore';
import { findSeries } from '../core/dicom/findSeries';
import { useStudyStore } from '../state/studyStore';
import { stopCine, toggleCineOn } from '../services/cineService';
import { cineDelayMs } from '../core/perfusionReview/cineRate';
import { useCineStore } from '../state/cineStore';
import { useViewportStore, type Orientation } from '../state/viewportStore';
import { nearestPlane } from '../core/dicom/geometry/nearestPlane';
import { studiesByDate } from '../core/dicom/studiesByDate';
import { controllers } from '../viewer/SliceController';
import { WINDOW_PRESETS, windowPresetsFor, type WindowPreset } from '../viewer/windowPresets';

/** Replaces the study list with an opened folder's index; the viewports are emptied first. */
export async function openFolder(folder: OpenedFolder | null): Promise<void> {
  if (!folder) return;
  stopCine();
  useViewportStore.getState().clear();
  await openStudyFolder(folder);
  const index = useStudyStore.getState().index;
  prepareDtiWorkers(index, useDtiStore.getState().estimator);
  // Show the first series straight away, the first the study browser lists: a reader opens a study to look at it.
  const patient = index?.patients[0];
  const first = patient ? studiesByDate(patient.studies)[0]?.series[0] : undefined;
  if (first) showSeriesIn(first.seriesInstanceUID, 0);
}

/**
 * Shows a series in `slot` (default: the active viewport). A mosaic (Siemens MOSAIC, United Imaging
 * VFRAME) stores each volume's slices as tiles of one image: it opens as slices, reformatted in the
 * plane it was acquired nearest to, not as the tile sheet (which `acquiredPlane` still shows).
 */
export function showSeriesIn(seriesUID: string, slot?: number): void {
  const first = findSeries(useStudyStore.getState().index, seriesUID)?.frames[0];
  const orientation = first?.mosaicSlices && first.orientation ? nearestPlane(first.orientation) : null;
  useViewportStore.getState().showSeries(seriesUID, slot, orientation);
}

function reportFailure(error: unknown): void {
  useStudyStore.getState().setError(error instanceof Error ? error.message : String(error));
}

export function pickFolder(): void {
  getPlatform()
    .then((p) => p.openFolder())
    .then(openFolder)
    .catch(reportFailure);
}

/** Opens the built-in demo study; the status bar shows its download where it is fetched (web build). */
export function openDemo(): void {
  const { setDownload, setError } = useStudyStore.getState();
  setError(null);
  let shown = 0;
  getPlatform()
    .then((p) =>
      p.openDemo((loaded, total) => {
        // A few updates a second: each one re-renders the status bar.
        const now = performance.now();
        if (now - shown < DOWNLOAD_PROGRESS_INTERVAL_MS && loaded < total) return;
        shown = now;
        setDownload({ loaded, total });
      }),
    )
    .finally(() => setDownload(null))
    .then(openFolder)
    .catch(reportFailure);
}

/** Least time between two download progress updates (ms). */
const DOWNLOAD_PROGRESS_INTERVAL_MS = 100;

function activeController() {
  return controllers.get(useViewportStore.getState().active);
}

/** The W/L presets offered for what a viewport shows: a CT perfusion's images have their own (keys 1–5 alike). */
export function presetsOf(slot: { seriesUID: string | null; map: unknown }): WindowPreset[] {
  return slot.map ? WINDOW_PRESETS : windowPresetsFor(findSeries(useStudyStore.getState().index, slot.seriesUID)?.kind);
}

export function applyPreset(index: number): void {
  const { slots, active } = useViewportStore.getState();
  const preset = presetsOf(slots[active])[index];
  if (preset) activeController()?.applyPreset(preset);
}

export function toggleInvert(): void {
  activeController()?.toggleInvert();
}

export function resetViewport(): void {
  activeController()?.reset();
}

export function scrollSlices(delta: number): void {
  activeController()?.scroll(delta);
}

/** Steps the active viewport's volume (b-value / direction) by `delta`, clamped. */
export function stepVolume(delta: number): void {
  const { active, slots, readouts, setVolume } = useViewportStore.getState();
  const count = readouts[active]?.volumeCount ?? 1;
  const next = Math.max(0, Math.min(count - 1, slots[active].volume + delta));
  if (next !== slots[active].volume) setVolume(active, next);
}

/** Reformats the active viewport: its DTI map, or a volume built from its series' shown volume. */
export function reformat(orientation: Orientation): void {
  const { active, slots, updateLayer, setOrientation } = useViewportStore.getState();
  if (slots[active].map) updateLayer(active, { orientation });
  else if (slots[active].seriesUID) setOrientation(active, orientation);
}

/** Back to the acquired slices of the active viewport's series (a stack: no volume to build, fastest scrolling). */
export function acquiredPlane(): void {
  const { active, slots, setOrientation } = useViewportStore.getState();
  if (!slots[active].map && slots[active].orientation) setOrientation(active, null);
}

/**
 * Plays / pauses cine through the volumes of a viewport's series (default the active one), wrapping
 * at the end: b-values / directions of diffusion, time frames of a CT perfusion, at the cine rate
 * (a CT perfusion's frames can be held for their acquired intervals).
 */
export function toggleCine(slot = useViewportStore.getState().active): void {
  const playing = useViewportStore.getState().slots[slot];
  toggleCineOn(slot, () => {
    const { slots, readouts, setVolume } = useViewportStore.getState();
    // Another series or a map in the slot: cine of what it showed ends.
    if (slots[slot].seriesUID !== playing.seriesUID || slots[slot].map !== playing.map) return null;
    const count = readouts[slot]?.volumeCount ?? 1;
    const next = count > 1 ? (slots[slot].volume + 1) % count : slots[slot].volume;
    if (next !== slots[slot].volume) setVolume(slot, next);
    return cineDelayMs(useCineStore.getState().rate, readouts[slot]?.frameTimesS ?? null, next);
  });
}
