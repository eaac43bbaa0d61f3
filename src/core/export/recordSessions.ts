import type { DicomIndex } from '../dicom/types';
import type { TrialStudyMeta } from '../trial/types';
import type { MapProvenance, MeasurementRecord, StoredRoi, StoredSegmentation } from '../store/records';
import { SESSION_FORMAT, SESSION_VERSION, type SessionFile, type SessionLesion, type SessionPerfusionVolumes, type SessionRoi, type SessionSeries } from './sessionFile';

/** Everything the store holds for the open studies: the record the export is made from. */
export interface CaseRecord {
  rois: StoredRoi[];
  measurements: MeasurementRecord[];
  /** Lesion segmentations; a series with one and no ABC/2 gets a planimetric-only lesion row. */
  segmentations: { record: StoredSegmentation; planimetricMl: number }[];
}

const EMPTY_META: TrialStudyMeta = { subjectId: '', timepoint: '', site: '', reader: '' };

/** The series fit of a study's records: the most recent fit any of its ROIs' statistics or saved perfusion volumes came from. */
function seriesFit(rois: readonly StoredRoi[], measurements: readonly MeasurementRecord[], seriesUID: string, bValues: number[]): SessionSeries['fit'] {
  let latest: MapProvenance | null = null;
  const fits = [
    ...rois.map((r) => (r.key.seriesInstanceUID === seriesUID ? r.measured?.fit : undefined)),
    ...measurements.map((m) => (m.key.seriesInstanceUID === seriesUID && m.payload.kind === 'perfusionVolumes' ? m.payload.fit : undefined)),
  ];
  for (const fit of fits) if (fit && (!latest || fit.fittedAt > latest.fittedAt)) latest = fit;
  if (!latest) return null;
  return {
    estimator: latest.estimator,
    bValues: latest.bValues.length > 0 ? latest.bValues : bValues,
    maskThreshold: latest.maskThreshold,
    fittedAt: latest.fittedAt,
    fitId: latest.fitId,
    appVersion: latest.appVersion,
    ...(latest.perfusion ? { perfusion: latest.perfusion } : {}),
  };
}

function sessionRoi(r: StoredRoi): SessionRoi {
  return {
    roi: r.roi,
    seriesInstanceUID: r.key.seriesInstanceUID,
    stats: r.measured?.stats ?? [],
    measuredAt: r.measured?.measuredAt ?? r.updatedAt,
    ...(r.measured ? { fitId: r.measured.fit.fitId } : {}),
  };
}

function sessionLesion(m: MeasurementRecord): SessionLesion | null {
  const p = m.payload;
  if (p.kind !== 'abc2') return null;
  return {
    id: m.id,
    name: m.name,
    seriesInstanceUID: m.key.seriesInstanceUID,
    abcMm: [p.aMm, p.bMm, p.cMm],
    planimetricMl: p.planimetricMl ?? null,
    measuredAt: m.updatedAt,
    ...(p.modality !== undefined ? { modality: p.modality } : {}),
    ...(p.cMethod !== undefined ? { cMethod: p.cMethod } : {}),
    ...(p.slices !== undefined ? { slices: p.slices ? { first: p.slices.first.index, last: p.slices.last.index, spacingMm: p.slices.spacingMm } : null } : {}),
  };
}

function sessionPerfusionVolumes(m: MeasurementRecord): SessionPerfusionVolumes | null {
  const p = m.payload;
  if (p.kind !== 'perfusionVolumes') return null;
  return {
    id: m.id,
    name: m.name,
    seriesInstanceUID: m.key.seriesInstanceUID,
    thresholds: { coreRelativeCbf: p.thresholds.coreRelativeCbf, hypoperfusedTmaxS: p.thresholds.hypoperfusedTmaxS },
    referenceSide: p.referenceSide,
    referenceCbf: p.referenceCbf,
    midline: { origin: p.midline.origin, normal: p.midline.normal },
    coreMl: p.coreMl,
    hypoperfusedMl: p.hypoperfusedMl,
    mismatchMl: p.mismatchMl,
    mismatchRatio: p.mismatchRatio,
    fitId: p.fit.fitId,
    measuredAt: m.updatedAt,
  };
}

/**
 * The sessions of an index built from the stored record only: every ROI with the statistics it
 * recorded (whatever maps are loaded now), every ABC/2 with how it was measured, and a
 * planimetric-only lesion for a series whose stored segmentation has no ABC/2, every saved set of
 * perfusion volumes (the key only when there is one, as sessions before them had none). Study reader:
 * the readers who signed the study's records (sorted), else `reader`. `savedAt` is ISO 8601.
 */
export function recordSessions(
  index: DicomIndex,
  meta: Record<string, TrialStudyMeta>,
  record: CaseRecord,
  options: { appVersion: string; savedAt: string; reader: string },
): SessionFile[] {
  return index.patients.map((p) => ({
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    appVersion: options.appVersion,
    savedAt: options.savedAt,
    patient: { patientId: p.patientId, patientName: p.patientName, birthDate: p.birthDate, sex: p.sex },
    studies: p.studies.map((st) => {
      const inStudy = <T extends { key: { studyInstanceUID: string } }>(x: T) => x.key.studyInstanceUID === st.studyInstanceUID;
      const rois = record.rois.filter(inStudy);
      const measurements = record.measurements.filter(inStudy);
      const lesions = measurements.map(sessionLesion).filter((l): l is SessionLesion => l !== null);
      for (const { record: seg, planimetricMl } of record.segmentations) {
        if (!inStudy(seg) || lesions.some((l) => l.seriesInstanceUID === seg.key.seriesInstanceUID)) continue;
        lesions.push({ id: seg.id, name: seg.name, seriesInstanceUID: seg.key.seriesInstanceUID, abcMm: null, planimetricMl, measuredAt: seg.updatedAt });
      }
      const perfusionVolumes = measurements.map(sessionPerfusionVolumes).filter((v): v is SessionPerfusionVolumes => v !== null);
      const signers = [...new Set([...rois, ...measurements].map((r) => r.updatedBy))].sort();
      const trial = meta[st.studyInstanceUID] ?? EMPTY_META;
      return {
        studyInstanceUID: st.studyInstanceUID,
        studyDate: st.studyDate,
        studyTime: st.studyTime,
        accessionNumber: st.accessionNumber,
        description: st.description,
        trial: { ...trial, reader: signers.length > 0 ? signers.join('; ') : options.reader },
        series: st.series.map((se) => ({
          seriesInstanceUID: se.seriesInstanceUID,
          frameOfReferenceUID: se.frameOfReferenceUID,
          description: se.description,
          fit: seriesFit(rois, measurements, se.seriesInstanceUID, se.bValues),
        })),
        rois: rois.map(sessionRoi),
        lesions,
        ...(perfusionVolumes.length > 0 ? { perfusionVolumes } : {}),
      };
    }),
  }));
}
