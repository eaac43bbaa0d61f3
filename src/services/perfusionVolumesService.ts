import { segmentation } from '@cornerstonejs/tools';
import type { MeasurementInput, MeasurementRecord, PerfusionVolumesPayload } from '../core/store/records';
import { overlayLabels } from '../core/perfusionReview/overlayLabels';
import { useMirrorStore } from '../state/mirrorStore';
import { usePerfusionStore, type PerfusionComputation } from '../state/perfusionStore';
import { usePerfusionVolumesStore } from '../state/perfusionVolumesStore';
import { useRoiStore } from '../state/roiStore';
import { useViewportStore } from '../state/viewportStore';
import { controllers } from '../viewer/SliceController';
import { hideOtherPerfusionOverlays, overlayLabelsShown, perfusionOverlayId, showPerfusionOverlay, writeOverlayLabels } from '../viewer/tools/perfusionOverlay';
import { keyForSeries, provenanceOf, reader, report, setState, state, storeWrite } from './measureContext';
import { currentVolumes } from './perfusionService';

/**
 * The perfusion volumes in the record and on the image. "Save volumes" stores the volumes of the
 * current maps at the current thresholds as one audited measurement per CTP series (saving again
 * is an update the audit keeps); the panel and every export read them from the record. The
 * overlay (core / mismatch / hypoperfused labelmap) follows the live thresholds and the classes
 * the reader shows.
 */

export type SavedVolumes = (MeasurementInput | MeasurementRecord) & { payload: PerfusionVolumesPayload };

/** The record id of a series' saved volumes (one per series). */
export function volumesRecordId(seriesUID: string): string {
  return `perfusion-volumes:${seriesUID}`;
}

/** The saved volumes of a series, as the record holds them; null when none were saved. */
export function savedVolumes(seriesUID: string | null, measurements = useRoiStore.getState().measurements): SavedVolumes | null {
  if (seriesUID === null) return null;
  const m = measurements.find((x) => x.id === volumesRecordId(seriesUID));
  return m && m.payload.kind === 'perfusionVolumes' ? (m as SavedVolumes) : null;
}

/** Stores the volumes of the current maps at the current thresholds; false (with a message) when there is nothing to save. */
export function saveVolumes(): boolean {
  const result = usePerfusionStore.getState().result;
  const volumes = currentVolumes();
  const key = keyForSeries(result?.seriesUID ?? null);
  if (!result || !volumes || !key) {
    report('No perfusion volumes to save: compute the maps of a CT perfusion series first.');
    return false;
  }
  const input: MeasurementInput = {
    id: volumesRecordId(result.seriesUID),
    key,
    name: 'Perfusion volumes',
    role: null,
    payload: {
      kind: 'perfusionVolumes',
      thresholds: { ...volumes.thresholds },
      referenceSide: volumes.referenceSide,
      referenceCbf: volumes.referenceCbf,
      midline: volumes.midline,
      coreMl: volumes.coreMl,
      hypoperfusedMl: volumes.hypoperfusedMl,
      mismatchMl: volumes.mismatchMl,
      mismatchRatio: volumes.mismatchRatio,
      fit: provenanceOf(result),
    },
  };
  // The panel shows the record as the store returned it (who saved, when), never a save that failed.
  void storeWrite(async (store) => {
    const stored = await store.saveMeasurement(input, reader());
    const list = state().measurements;
    const i = list.findIndex((m) => m.id === stored.id);
    setState({ measurements: i < 0 ? [...list, stored] : list.map((m, a) => (a === i ? stored : m)) });
  });
  return true;
}

const viewportIdOf = (slot: number) => (controllers.get(slot) as { viewportId?: string } | undefined)?.viewportId;

/** What the overlay last drew: its labels are rewritten only when the masks or the classes shown change. */
let drawn: { result: PerfusionComputation; core: Uint8Array; shown: object } | null = null;

/**
 * Writes the overlay labels of the current volumes and draws them over every viewport showing a
 * map of the current computation (the baseline CT included); other viewports lose any perfusion overlay.
 */
export function syncPerfusionOverlays(): void {
  const result = usePerfusionStore.getState().result;
  const volumes = result ? currentVolumes() : null;
  const { slots, readouts } = useViewportStore.getState();
  try {
    if (result && volumes) {
      const shown = usePerfusionVolumesStore.getState().shown;
      if (drawn?.result !== result || drawn.core !== volumes.core || drawn.shown !== shown) {
        writeOverlayLabels(result, overlayLabels(volumes.core, volumes.hypoperfused, shown));
        drawn = { result, core: volumes.core, shown };
      }
    }
    slots.forEach((slot, i) => {
      const viewportId = viewportIdOf(i);
      if (!viewportId) return;
      // A readout means the viewport has drawn its map (volumes set): the overlay can go on it.
      const showsMaps = !!result && !!volumes && !!slot.map && slot.seriesUID === result.seriesUID && !!readouts[i];
      hideOtherPerfusionOverlays(viewportId, showsMaps ? perfusionOverlayId(result!) : null);
      if (showsMaps) showPerfusionOverlay(result!, viewportId);
    });
  } catch (error) {
    report(error);
  }
}

let started = false;

/** Keeps the overlays in step with the maps, thresholds, lesion side, classes shown and viewports (idempotent). */
export function startPerfusionOverlays(): void {
  if (started) return;
  started = true;
  usePerfusionStore.subscribe((s, prev) => {
    if (s.result !== prev.result || s.thresholds !== prev.thresholds) syncPerfusionOverlays();
  });
  usePerfusionVolumesStore.subscribe(syncPerfusionOverlays);
  useMirrorStore.subscribe((s, prev) => {
    if (s.plane !== prev.plane) syncPerfusionOverlays();
  });
  useRoiStore.subscribe((s, prev) => {
    if (s.rois !== prev.rois && usePerfusionStore.getState().result) syncPerfusionOverlays();
  });
  useViewportStore.subscribe((s, prev) => {
    if (s.slots !== prev.slots || s.readouts !== prev.readouts) syncPerfusionOverlays();
  });
  (globalThis as unknown as { __perfusionOverlay?: unknown }).__perfusionOverlay = { labelCounts };
}

/** Test hook: voxels per overlay label in the labelmap Cornerstone draws, and where it is drawn. */
function labelCounts(): { counts: number[]; viewports: number } | null {
  const result = usePerfusionStore.getState().result;
  const labels = result ? overlayLabelsShown(result) : null;
  if (!result || !labels) return null;
  const counts = [0, 0, 0, 0];
  for (const l of labels) counts[l]++;
  const viewports = [...controllers.keys()].filter((slot) => {
    const id = viewportIdOf(slot);
    return !!id && (segmentation.state.getSegmentationRepresentations(id, { segmentationId: perfusionOverlayId(result) })?.length ?? 0) > 0;
  }).length;
  return { counts, viewports };
}
