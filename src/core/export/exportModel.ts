import type { RoiRole, RoiShape, RoiStats, Plane } from '../measure/types';
import type { Vec3 } from '../math/types';
import type { PerfusionProvenance, PerfusionVolumesPayload } from '../store/records';
import { sha256Hex } from '../trial/sha256';
import { deriveSubjectId } from '../trial/subjectId';
import { suggestTimepoints } from '../trial/suggestTimepoints';
import type { IdentifierFlag } from './basicProfile';
import {
  deidentifyAttributes,
  deidentifyTimestamp,
  identifyingStrings,
  subjectDateShiftDays,
  type DeidentifyOptions,
  type SubjectDeidContext,
} from './deidentify';
import type { ExportUnitSystem } from './exportUnits';
import { freeTextRedactor } from './freeTextRedaction';
import type { SessionFile, SessionPatient, SessionStudy } from './sessionFile';

/**
 * The de-identified content of an export, built once from the saved sessions; every export
 * format (CSV long/wide, provenance JSON, longitudinal) is written from this model only, so no
 * writer ever sees an identifying value that was not opted in. Geometry stays in patient LPS
 * mm; statistics stay in native units here (conversion happens per row in records.ts).
 */

export interface ExportOptions extends DeidentifyOptions {
  units: ExportUnitSystem;
  /** Version of the app or CLI producing the export (package.json version). */
  appVersion: string;
  /** ISO 8601 time of the export, supplied by the caller so two runs can be byte-identical. */
  exportedAt: string;
}

export interface ExportFit {
  estimator: 'ols' | 'wls' | 'iwls' | 'osvd';
  bValues: number[];
  maskThreshold: number | null;
  fittedAt: string | null;
  /** The fit's identifier (null in sessions saved before fits had one). */
  fitId: string | null;
  appVersion: string | null;
  /** CT perfusion maps: AIF/VOF, constants and method. */
  perfusion?: PerfusionProvenance;
}

export interface ExportSeries {
  /** De-identified attributes by DICOM keyword (SeriesInstanceUID hashed, ...). */
  attributes: Record<string, string>;
  fit: ExportFit | null;
}

export interface ExportRoi {
  /** Salted hash of the session's ROI id (ids may embed UIDs); mirrorOf uses the same hash. */
  id: string;
  role: RoiRole;
  name: string;
  shape: RoiShape;
  /** The measured series' de-identified SeriesInstanceUID. */
  seriesKey: string;
  plane: Plane;
  contour: Vec3[];
  ellipse?: { centre: Vec3; axisA: Vec3; axisB: Vec3 };
  mirrorOf?: string;
  measuredAt: string | null;
  /** The fit whose maps gave `stats`; null when unknown (older sessions) or never measured. */
  fitId: string | null;
  /** Native units (FA unitless, diffusivities mm²/s, area mm², volume mL). */
  stats: RoiStats[];
}

export interface ExportLesion {
  id: string;
  name: string;
  seriesKey: string;
  /** ABC/2 diameters A, B, C in mm. */
  abcMm: Vec3 | null;
  /** A·B·C/2 in mL (mm³ / 1000); null without diameters. */
  abc2Ml: number | null;
  planimetricMl: number | null;
  measuredAt: string | null;
  /** Modality of the measured series; C method; first and last image marked ("Im", 1-based) and spacing mm. */
  modality: string | null;
  cMethod: 'slices' | 'kothari' | null;
  slices: { first: number; last: number; spacingMm: number } | null;
}

/** Saved CT perfusion volumes of one series (mL), with the thresholds and reference they were counted with. */
export interface ExportPerfusionVolumes extends Omit<PerfusionVolumesPayload, 'kind' | 'fit'> {
  id: string;
  name: string;
  seriesKey: string;
  /** The perfusion fit counted on: its series' fit has the AIF/VOF, constants and method. */
  fitId: string;
  measuredAt: string | null;
}

export interface ExportStudy {
  /** De-identified study attributes by DICOM keyword (StudyInstanceUID hashed, dates per policy, opted-in originals). */
  attributes: Record<string, string>;
  timepoint: string;
  /** Calendar days since the subject's first dated study (computed before dates are removed); null when undated. */
  daysSinceFirst: number | null;
  site: string;
  reader: string;
  series: ExportSeries[];
  rois: ExportRoi[];
  lesions: ExportLesion[];
  perfusionVolumes: ExportPerfusionVolumes[];
}

export interface ExportSubject {
  subject: string;
  /** Opted-in patient attributes by DICOM keyword; empty by default. */
  patient: Record<string, string>;
  studies: ExportStudy[];
}

export interface ExportModel {
  appVersion: string;
  exportedAt: string;
  units: ExportUnitSystem;
  dates: 'remove' | 'shift';
  include: IdentifierFlag[];
  subjects: ExportSubject[];
  warnings: string[];
}

const ROLE_ORDER: Record<RoiRole, number> = { 'infarct-core': 0, 'contralateral-mirror': 1, perilesional: 2, other: 3 };

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A record id (ROI, lesion) as exports carry it: salted hash, since ids may embed UIDs. */
export function hashedRecordId(salt: string, id: string): string {
  return `roi-${sha256Hex(`${salt}\u0000roi\u0000${id}`).slice(0, 16)}`;
}

/** ABC/2 infarct volume (Kothari 1996): A·B·C/2 mm³, returned in mL. */
export function abc2VolumeMl([a, b, c]: Vec3): number {
  return (a * b * c) / 2 / 1000;
}

interface StudyInput {
  patient: SessionPatient;
  study: SessionStudy;
}

/** Builds the de-identified export model of a set of sessions (any grouping: per patient, per study). */
export function buildExportModel(sessions: readonly SessionFile[], options: ExportOptions): ExportModel {
  if (options.salt === '') throw new Error('an export needs the trial salt (it keys hashed UIDs and subject IDs)');
  const warnings: string[] = [];
  const include = [...new Set(options.include)].sort();
  const deid: DeidentifyOptions = { salt: options.salt, dates: options.dates, include };
  const freeText = { allDates: !include.includes('dates') };

  // Group studies by subject: the typed pseudonym, else the salted hash of PatientID.
  const bySubject = new Map<string, StudyInput[]>();
  for (const session of sessions) {
    for (const study of session.studies) {
      const secrets = identifyingStrings('patient', session.patient, deid).concat(identifyingStrings('study', study, deid));
      const typed = study.trial.subjectId.trim();
      let subject = typed === '' ? deriveSubjectId(options.salt, session.patient.patientId) : freeTextRedactor(secrets, freeText)(typed);
      if (subject !== typed && typed !== '') {
        warnings.push(`a typed subject ID contained patient identifiers or a date and was replaced by the derived pseudonym`);
        subject = deriveSubjectId(options.salt, session.patient.patientId);
      }
      const list = bySubject.get(subject) ?? [];
      list.push({ patient: session.patient, study });
      bySubject.set(subject, list);
    }
  }

  const subjects: ExportSubject[] = [];
  for (const subject of [...bySubject.keys()].sort(compareText)) {
    const inputs = bySubject.get(subject)!;
    const ctx: SubjectDeidContext = { ...deid, dateShiftDays: subjectDateShiftDays(options.salt, subject) };
    const suggestions = suggestTimepoints(inputs.map(({ study }) => study));
    const studies = inputs.map(({ patient, study }, i) => exportStudy(patient, study, suggestions[i].label, suggestions[i].daysSinceFirst, ctx));
    studies.sort(
      (a, b) =>
        (a.daysSinceFirst ?? Infinity) - (b.daysSinceFirst ?? Infinity) ||
        compareText(a.timepoint, b.timepoint) ||
        compareText(a.attributes.StudyInstanceUID ?? '', b.attributes.StudyInstanceUID ?? ''),
    );
    const labels = studies.map((s) => s.timepoint);
    const repeated = [...new Set(labels.filter((l, i) => labels.indexOf(l) !== i))];
    if (repeated.length > 0) warnings.push(`subject ${subject}: more than one study labelled ${repeated.map((l) => `'${l}'`).join(', ')}`);
    const patientAttributes = deidentifyAttributes('patient', inputs[0].patient, ctx);
    subjects.push({ subject, patient: patientAttributes, studies });
  }
  return {
    appVersion: options.appVersion,
    exportedAt: options.exportedAt,
    units: options.units,
    dates: options.dates,
    include,
    subjects,
    warnings,
  };
}

function exportStudy(
  patient: SessionPatient,
  study: SessionStudy,
  suggested: string | null,
  daysSinceFirst: number | null,
  ctx: SubjectDeidContext,
): ExportStudy {
  const secrets = [
    ...identifyingStrings('patient', patient, ctx),
    ...identifyingStrings('study', study, ctx),
    ...study.series.flatMap((s) => identifyingStrings('series', s, ctx)),
  ];
  const text = freeTextRedactor(secrets, { allDates: !ctx.include.includes('dates') });
  const seriesKey = new Map(study.series.map((s) => [s.seriesInstanceUID, deidentifyAttributes('series', s, ctx).SeriesInstanceUID ?? '']));
  const keyOf = (uid: string) => seriesKey.get(uid) ?? deidentifyAttributes('series', { seriesInstanceUID: uid }, ctx).SeriesInstanceUID ?? '';
  const roiId = (id: string) => hashedRecordId(ctx.salt, id);

  const rois: ExportRoi[] = study.rois.map(({ roi, seriesInstanceUID, stats, measuredAt, fitId }) => ({
    id: roiId(roi.id),
    role: roi.role,
    name: text(roi.name),
    shape: roi.shape,
    seriesKey: keyOf(seriesInstanceUID),
    plane: roi.plane,
    contour: roi.contour,
    ...(roi.ellipse ? { ellipse: roi.ellipse } : {}),
    ...(roi.mirrorOf !== undefined ? { mirrorOf: roiId(roi.mirrorOf) } : {}),
    measuredAt: deidentifyTimestamp(measuredAt, ctx),
    fitId: fitId ?? null,
    stats,
  }));
  rois.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || compareText(a.name, b.name) || compareText(a.id, b.id));

  const lesions: ExportLesion[] = study.lesions.map((l) => ({
    id: roiId(l.id),
    name: text(l.name),
    seriesKey: keyOf(l.seriesInstanceUID),
    abcMm: l.abcMm,
    abc2Ml: l.abcMm ? abc2VolumeMl(l.abcMm) : null,
    planimetricMl: l.planimetricMl,
    measuredAt: deidentifyTimestamp(l.measuredAt, ctx),
    modality: l.modality ?? null,
    cMethod: l.cMethod ?? null,
    slices: l.slices ?? null,
  }));
  lesions.sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));

  const perfusionVolumes: ExportPerfusionVolumes[] = (study.perfusionVolumes ?? []).map((v) => ({
    id: roiId(v.id),
    name: text(v.name),
    seriesKey: keyOf(v.seriesInstanceUID),
    thresholds: v.thresholds,
    referenceSide: v.referenceSide,
    referenceCbf: v.referenceCbf,
    midline: v.midline,
    coreMl: v.coreMl,
    hypoperfusedMl: v.hypoperfusedMl,
    mismatchMl: v.mismatchMl,
    mismatchRatio: v.mismatchRatio,
    fitId: v.fitId,
    measuredAt: deidentifyTimestamp(v.measuredAt, ctx),
  }));
  perfusionVolumes.sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));

  const series: ExportSeries[] = study.series
    .map((s) => ({
      attributes: deidentifyAttributes('series', s, ctx),
      fit: s.fit
        ? {
            estimator: s.fit.estimator,
            bValues: s.fit.bValues,
            maskThreshold: s.fit.maskThreshold,
            fittedAt: deidentifyTimestamp(s.fit.fittedAt, ctx),
            fitId: s.fit.fitId ?? null,
            appVersion: s.fit.appVersion ?? null,
            ...(s.fit.perfusion ? { perfusion: s.fit.perfusion } : {}),
          }
        : null,
    }))
    .sort((a, b) => compareText(a.attributes.SeriesInstanceUID ?? '', b.attributes.SeriesInstanceUID ?? ''));

  const typedTimepoint = study.trial.timepoint.trim();
  return {
    attributes: deidentifyAttributes('study', study, ctx),
    timepoint: typedTimepoint !== '' ? text(typedTimepoint) : (suggested ?? 'unknown'),
    daysSinceFirst,
    site: text(study.trial.site),
    reader: text(study.trial.reader),
    series,
    rois,
    lesions,
    perfusionVolumes,
  };
}
