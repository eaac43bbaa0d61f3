import type { SessionLesion, SessionRoi } from '../core/export/sessionFile';
import type { MeasurementInput } from '../core/store/records';
import { useDtiStore } from '../state/dtiStore';
import { useRoiStore, type Abc2State, type RoiRow } from '../state/roiStore';
import { useTrialStore, type FitRecord } from '../state/trialStore';

/**
 * Feeds the trial store from the measurement state: every ROI row (geometry in LPS mm, stats in
 * native units, role, name, mirror link) and every ABC/2 / planimetric lesion, grouped by study,
 * and a provenance record per fit (estimator and mask threshold as the fit was started). It reads
 * the stores only (useRoiStore, useDtiStore), never the measurement service, so the export sees
 * exactly what the ROI table shows whichever service fills those stores.
 */

let stopFeed: (() => void) | null = null;
/** Edit time per ROI id, re-stamped only when the row object changes (a new geometry or label). */
const stamps = new Map<string, { row: RoiRow; at: string }>();
/** Studies fed so far: a study whose last ROI was deleted must be emptied, not left stale. */
const fedStudies = new Set<string>();

function measuredAt(row: RoiRow, now: string): string {
  const stamp = stamps.get(row.roi.id);
  if (stamp && stamp.row === row) return stamp.at;
  stamps.set(row.roi.id, { row, at: now });
  return now;
}

/** ROI rows as session ROIs, per StudyInstanceUID (rows without statistics are still measured geometry). */
export function sessionRoisByStudy(rows: readonly RoiRow[], now: string): Map<string, SessionRoi[]> {
  const out = new Map<string, SessionRoi[]>();
  for (const row of rows) {
    const list = out.get(row.key.studyInstanceUID) ?? [];
    list.push({ roi: row.roi, seriesInstanceUID: row.key.seriesInstanceUID, stats: row.stats, measuredAt: measuredAt(row, now) });
    out.set(row.key.studyInstanceUID, list);
  }
  return out;
}

/**
 * Lesions per StudyInstanceUID: each stored ABC/2 measurement (diameters A, B, C mm), with the
 * planimetric volume (mL) of the working segmentation when it belongs to the same series; a
 * segmentation without ABC/2 yet is a lesion with planimetric volume only.
 */
export function sessionLesionsByStudy(measurements: readonly MeasurementInput[], abc2: Abc2State, now: string): Map<string, SessionLesion[]> {
  const out = new Map<string, SessionLesion[]>();
  const push = (studyUID: string, lesion: SessionLesion) => out.set(studyUID, [...(out.get(studyUID) ?? []), lesion]);
  const planimetric = (seriesUID: string) =>
    abc2.key?.seriesInstanceUID === seriesUID && abc2.segmentation ? abc2.segmentation.planimetricMl : null;
  const withAbc2 = new Set<string>();
  for (const m of measurements) {
    if (m.payload.kind !== 'abc2') continue;
    withAbc2.add(m.key.seriesInstanceUID);
    push(m.key.studyInstanceUID, {
      id: m.id,
      name: m.name,
      seriesInstanceUID: m.key.seriesInstanceUID,
      abcMm: [m.payload.aMm, m.payload.bMm, m.payload.cMm],
      planimetricMl: planimetric(m.key.seriesInstanceUID),
      measuredAt: now,
    });
  }
  if (abc2.key && abc2.segmentation && !withAbc2.has(abc2.key.seriesInstanceUID)) {
    push(abc2.key.studyInstanceUID, {
      id: `lesion-${abc2.key.seriesInstanceUID}`,
      name: 'Lesion',
      seriesInstanceUID: abc2.key.seriesInstanceUID,
      abcMm: null,
      planimetricMl: abc2.segmentation.planimetricMl,
      measuredAt: now,
    });
  }
  return out;
}

function feedMeasurements(): void {
  const { rois, measurements, abc2 } = useRoiStore.getState();
  const now = new Date().toISOString();
  const roisByStudy = sessionRoisByStudy(rois, now);
  const lesionsByStudy = sessionLesionsByStudy(measurements, abc2, now);
  for (const id of [...stamps.keys()]) if (!rois.some((r) => r.roi.id === id)) stamps.delete(id);
  const trial = useTrialStore.getState();
  const studies = new Set([...fedStudies, ...roisByStudy.keys(), ...lesionsByStudy.keys()]);
  for (const study of studies) {
    trial.setRoiMeasurements(study, roisByStudy.get(study) ?? []);
    trial.setLesions(study, lesionsByStudy.get(study) ?? []);
    fedStudies.add(study);
  }
}

/**
 * Starts feeding (idempotent); returns the stop function. The fit record takes the estimator and
 * mask threshold of the moment the fit started: the reader may move the slider while it runs.
 */
export function startTrialFeed(): () => void {
  if (stopFeed) return stopFeed;
  let started: Pick<FitRecord, 'estimator' | 'maskThreshold'> | null = null;
  const unsubscribeRoi = useRoiStore.subscribe((s, prev) => {
    if (s.rois !== prev.rois || s.measurements !== prev.measurements || s.abc2 !== prev.abc2) feedMeasurements();
  });
  const unsubscribeDti = useDtiStore.subscribe((dti, prev) => {
    if (dti.status === 'running' && prev.status !== 'running') started = { estimator: dti.estimator, maskThreshold: dti.maskThreshold };
    const result = dti.result;
    if (!result || result.generation === prev.result?.generation) return;
    const fit: FitRecord = { estimator: result.estimator, maskThreshold: started?.maskThreshold ?? dti.maskThreshold, fittedAt: new Date().toISOString() };
    useTrialStore.getState().setFit(result.seriesUID, fit);
  });
  feedMeasurements();
  stopFeed = () => {
    unsubscribeRoi();
    unsubscribeDti();
    stamps.clear();
    fedStudies.clear();
    stopFeed = null;
  };
  return stopFeed;
}
