import type { MeasurementKey } from '../core/measure/types';
import { segmentationStats } from '../core/roi/segmentationStats';
import type { StoreScope, StoredSegmentation } from '../core/store/records';
import { useDtiStore, type DtiResult } from '../state/dtiStore';
import { useViewportStore } from '../state/viewportStore';
import { controllers } from '../viewer/SliceController';
import { LESION_SEGMENT, lesionLabels, showLesionLabelmap, showLesionOverlay, writeLesionLabels } from '../viewer/tools/brushSegmentation';
import { setPrimaryTool } from '../viewer/tools/measureTools';
import { refreshAbc2 } from './abc2Service';
import { roiMeasured } from '../core/store/roiMeasured';
import { keyForSeries, measurementStore, provenanceOf, reader, report, setState, storeWrite, THROTTLE_MS, volumesFor } from './measureContext';
import { useBrushStore } from '../state/brushStore';
import { useToolStore } from '../state/toolStore';

/**
 * The reader's brush lesion: Cornerstone's BrushTool paints a labelmap on the fit's map grid;
 * its statistics on every map and ABC/2's planimetric comparison follow while painting, and the
 * labelmap is stored (compressed, audited) once painting pauses, under one id per series, and
 * put back when the maps of that series are computed again after a reopen.
 */

/** One store write when the reader has stopped painting for this long, ms. */
const PERSIST_DEBOUNCE_MS = 600;

/** The stored brush lesion of a series (one per series: painting again edits it). */
export function brushSegmentationId(seriesUID: string): string {
  return `lesion-brush:${seriesUID}`;
}

const brushState = () => useBrushStore.getState();
const setBrush = (change: Parameters<ReturnType<typeof brushState>['set']>[0]) => brushState().set(change);

/** Stored lesions of the opened study, by series, waiting for the maps they were painted on. */
const stored = new Map<string, StoredSegmentation>();

export function selectTool(toolName: string): void {
  if (toolName === 'Brush' && !prepareBrush()) return;
  setPrimaryTool(toolName);
  useToolStore.getState().setPrimaryTool(toolName);
}

const viewportIdOf = (slot: number) => (controllers.get(slot) as { viewportId?: string } | undefined)?.viewportId;

/** The brush paints the fit's lesion labelmap, shown on the active map viewport; false (with a message) when there is none. */
function prepareBrush(): boolean {
  const { active, slots } = useViewportStore.getState();
  const result = useDtiStore.getState().result;
  const viewportId = viewportIdOf(active);
  if (!result || !slots[active]?.map || slots[active].seriesUID !== result.seriesUID || !viewportId) {
    setState({ message: 'The brush paints on a DTI map: show a map of the fitted series in the active viewport.' });
    return false;
  }
  try {
    showLesionLabelmap(result, viewportId);
    setState({ message: null });
    return true;
  } catch (error) {
    report(error);
    return false;
  }
}

let brushTimer: ReturnType<typeof setTimeout> | null = null;
let persistTimer: ReturnType<typeof setTimeout> | null = null;
/** Counts label edits: a save only reports "Saved" when no edit came after the labels it read. */
let edits = 0;

/** Painting: lesion statistics on every map, its volume, and ABC/2's comparison follow, throttled; the store once painting pauses. */
export function onSegmentationModified(): void {
  // Unsaved edits: the panel must not say "Saved" until the store holds these labels.
  edits++;
  if (brushState().brushSavedAt !== null) setBrush({ brushSavedAt: null });
  if (brushTimer) return;
  brushTimer = setTimeout(() => {
    brushTimer = null;
    const result = useDtiStore.getState().result;
    const key = result ? keyForSeries(result.seriesUID) : null;
    if (!result || !key || !showBrushStats(result, key)) return;
    if (persistTimer) clearTimeout(persistTimer);
    persistTimer = setTimeout(() => {
      persistTimer = null;
      persistBrush(result, key);
    }, PERSIST_DEBOUNCE_MS);
  }, THROTTLE_MS);
}

/** Lesion statistics of the fit's labelmap on every map; false when there is no labelmap. */
function showBrushStats(result: DtiResult, key: MeasurementKey): boolean {
  const labels = lesionLabels(result);
  if (!labels) return false;
  const stats = segmentationStats(labels, LESION_SEGMENT, volumesFor(key));
  setBrush({ brush: { key, stats, voxels: stats[0]?.n ?? 0 } });
  refreshAbc2(key.seriesInstanceUID);
  return true;
}

function persistBrush(result: DtiResult, key: MeasurementKey): void {
  // The maps may have been replaced while the timer ran: store only the labels of the fit painted on.
  if (useDtiStore.getState().result !== result) return;
  const labels = lesionLabels(result);
  if (!labels) return;
  const { dims, affine } = result.maps;
  const stats = segmentationStats(labels, LESION_SEGMENT, volumesFor(key));
  // Its statistics go into the record with the fit they were computed on, as an ROI's do.
  const measured = roiMeasured(stats, provenanceOf(result), new Date().toISOString());
  const input = { id: brushSegmentationId(key.seriesInstanceUID), key, name: 'Lesion (brush)', role: 'infarct-core' as const, dims, affine, labels, measured };
  const editsRead = edits;
  void storeWrite(async (s) => {
    if (!s.saveSegmentation) return;
    const saved = await s.saveSegmentation(input, reader());
    stored.set(key.seriesInstanceUID, saved);
    if (edits === editsRead) setBrush({ brushSavedAt: saved.updatedAt });
  });
}

/** A study (re)opened: remember its stored lesions (put back when their series' maps exist). */
export async function restoreBrushLesions(scopes: StoreScope[]): Promise<void> {
  stored.clear();
  setBrush({ brush: null, brushSavedAt: null });
  const store = await measurementStore();
  if (!store?.listSegmentations) return;
  for (const scope of scopes)
    for (const s of await store.listSegmentations(scope)) if (s.id === brushSegmentationId(s.key.seriesInstanceUID)) stored.set(s.key.seriesInstanceUID, s);
  const result = useDtiStore.getState().result;
  if (result) putBackBrushLesion(result);
}

/**
 * New maps: the stored lesion of their series goes into the fit's labelmap when it was painted on
 * the same grid (same dims and affine); a lesion of another grid stays stored, untouched.
 */
export function putBackBrushLesion(result: DtiResult): void {
  const saved = stored.get(result.seriesUID);
  const key = keyForSeries(result.seriesUID);
  if (!saved || !key) return;
  const { dims, affine } = result.maps;
  const sameGrid = saved.dims.every((d, a) => d === dims[a]) && saved.affine.every((v, a) => Math.abs(v - affine[a]) < 1e-4);
  if (!sameGrid) {
    setState({ message: 'The stored brush lesion was painted on maps of another grid: it is kept, not shown.' });
    return;
  }
  try {
    writeLesionLabels(result, saved.labels);
    showBrushOverlays();
    showBrushStats(result, key);
    setBrush({ brushSavedAt: saved.updatedAt });
  } catch (error) {
    report(error);
  }
}

/**
 * Draws the fit's lesion labelmap (painted, or put back from the store) over every viewport
 * showing one of the fit's maps: what was measured is seen with the maps, not only once the
 * reader picks Brush. Called when the labels are put back and whenever the viewports change.
 */
export function showBrushOverlays(): void {
  const result = useDtiStore.getState().result;
  if (!result) return;
  const { slots, readouts } = useViewportStore.getState();
  slots.forEach((slot, i) => {
    const viewportId = viewportIdOf(i);
    // A readout means the viewport has drawn its map (volumes set): the overlay can go on it.
    if (!slot.map || slot.seriesUID !== result.seriesUID || !readouts[i] || !viewportId) return;
    try {
      showLesionOverlay(result, viewportId);
    } catch (error) {
      report(error);
    }
  });
}
