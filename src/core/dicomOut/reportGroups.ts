import { abc2VolumeMl } from '../export/exportModel';
import { areaUnit, cleanScaled, mapUnit, volumeUnit, type ExportUnitSystem } from '../export/exportUnits';
import { compareMaps } from '../export/records';
import type { Vec3 } from '../math/types';
import type { RoiStats } from '../measure/types';
import type { MeasurementRecord, StoredRoi, StoredSegmentation } from '../store/records';
import { CODES, mapConcept, type Code } from './codes';
import type { ReportGroup, ReportMeasurement } from './measurementReport';

/**
 * The measurement groups of one study's record, with the values the CSV export writes: the same
 * conversions (exportUnits.ts) of the same stored numbers, in the same unit system. Per ROI and
 * map: mean, SD, median, IQR, quartiles, min, max, voxels, area (and volume for 3D ROIs), and on a
 * mirrored ROI the ipsilateral/contralateral mean ratio; per ABC/2: A, B, C and volumes; per
 * lesion segmentation: its segment (and its planimetric volume when no ABC/2 gives a lesion row).
 */

/** One study's part of the case record. */
export interface StudyRecord {
  rois: StoredRoi[];
  measurements: MeasurementRecord[];
  segmentations: { record: StoredSegmentation; planimetricMl: number }[];
}

/** How record text, ids and times go out: as stored, or de-identified for the trial. */
export interface RecordPolicy {
  id: (id: string) => string;
  text: (text: string) => string;
  /** A stored ISO time; null removes it. */
  time: (iso: string) => string | null;
  /** A UID quoted in record fields, remapped as the objects' own UIDs are. */
  uid: (uid: string) => string;
}

export interface GroupContext {
  units: ExportUnitSystem;
  policy: RecordPolicy;
  frameOfReference: (seriesUID: string) => string;
  /** The SEG segment written for a record entity (ROI or segmentation id), if any. */
  segmentOf: (entityId: string) => ReportGroup['segment'];
  /** The parametric map written for a series' fit and map, if any. */
  mapSource: (seriesUID: string, fitId: string, map: string) => ReportMeasurement['source'];
  trackingUid: (entityId: string) => string;
}

const derived = (concept: Code, derivation: Code, value: number, unit: string, source: ReportMeasurement['source']): ReportMeasurement => ({
  concept,
  modifier: { concept: CODES.derivation, value: derivation },
  value,
  unit,
  ...(source ? { source } : {}),
});

function statMeasurements(s: RoiStats, ratio: number | null, ctx: GroupContext, source: ReportMeasurement['source']): ReportMeasurement[] {
  const { unit, convert } = mapUnit(s.map, ctx.units);
  const concept = mapConcept(s.map);
  const area = areaUnit(ctx.units);
  const volume = volumeUnit(ctx.units);
  const out: ReportMeasurement[] = [
    derived(concept, CODES.mean, convert(s.mean), unit, source),
    derived(concept, CODES.standardDeviation, convert(s.sd), unit, source),
    derived(concept, CODES.median, convert(s.median), unit, source),
    derived(concept, CODES.interquartileRange, convert(s.iqr), unit, source),
    derived(concept, CODES.firstQuartile, convert(s.q1), unit, source),
    derived(concept, CODES.thirdQuartile, convert(s.q3), unit, source),
    derived(concept, CODES.minimum, convert(s.min), unit, source),
    derived(concept, CODES.maximum, convert(s.max), unit, source),
    { concept: CODES.voxelCount, value: s.n, unit: 'voxels' },
  ];
  if (s.areaMm2 !== undefined) out.push({ concept: CODES.area, value: area.convert(s.areaMm2), unit: area.unit });
  if (s.volumeMl !== undefined) out.push({ concept: CODES.volume, value: volume.convert(s.volumeMl), unit: volume.unit });
  if (ratio !== null && Number.isFinite(ratio)) out.push(derived(concept, CODES.meanRatio, ratio, '1', undefined));
  return out.filter((m) => Number.isFinite(m.value));
}

const stamps = (r: { createdBy: string; updatedBy: string; createdAt: string; updatedAt: string }, p: RecordPolicy) => ({
  createdBy: p.text(r.createdBy),
  updatedBy: p.text(r.updatedBy),
  createdAt: p.time(r.createdAt),
  updatedAt: p.time(r.updatedAt),
});

function roiGroups(r: StoredRoi, all: readonly StoredRoi[], ctx: GroupContext): ReportGroup[] {
  const p = ctx.policy;
  const { roi, measured } = r;
  const record = {
    entity: 'roi',
    id: p.id(roi.id),
    keyHasFrameOfReference: r.key.frameOfReferenceUID !== null,
    shape: roi.shape,
    role: roi.role,
    plane: roi.plane,
    ...(roi.ellipse ? { ellipse: roi.ellipse } : {}),
    ...(roi.mirrorOf !== undefined ? { mirrorOf: p.id(roi.mirrorOf) } : {}),
    ...(measured
      ? {
          measured: {
            units: measured.units,
            measuredAt: p.time(measured.measuredAt),
            fit: { ...measured.fit, fittedAt: p.time(measured.fit.fittedAt) },
            // The statistics as stored (native units, full double precision): a reader uses one only
            // where it exports to the NUM's value, so the NUMs stay the authority and a reopened
            // study computes its ratios from the very numbers it was measured with.
            native: measured.stats,
          },
        }
      : {}),
    ...stamps(r, p),
  };
  const base: Omit<ReportGroup, 'measurements'> = {
    template: '1410',
    trackingId: p.text(roi.name),
    trackingUid: ctx.trackingUid(roi.id),
    role: roi.role,
    sourceSeriesUID: r.key.seriesInstanceUID,
    record,
  };
  // An outline needs a frame of reference (SCOORD3D); a series without one keeps only the numbers.
  const frameOfReferenceUID = r.key.frameOfReferenceUID ?? ctx.frameOfReference(r.key.seriesInstanceUID);
  if (frameOfReferenceUID !== '') Object.assign(base, { region: { frameOfReferenceUID, points: roi.contour } });
  const stats = [...(measured?.stats ?? [])].sort((a, b) => compareMaps(a.map.toUpperCase(), b.map.toUpperCase()));
  // An ROI never measured still gets a group: its geometry reopens with the study.
  if (!measured || stats.length === 0) return [{ ...base, measurements: [] }];
  const ipsi = roi.mirrorOf === undefined ? undefined : all.find((o) => o.roi.id === roi.mirrorOf);
  return stats.map((s) => {
    const ipsiStat = ipsi?.measured?.stats.find((o) => o.map === s.map);
    const ratio = ipsiStat ? (s.mean === 0 ? NaN : cleanScaled(ipsiStat.mean / s.mean)) : null;
    return { ...base, measurements: statMeasurements(s, ratio, ctx, ctx.mapSource(r.key.seriesInstanceUID, measured.fit.fitId, s.map)) };
  });
}

function abc2Group(m: MeasurementRecord, ctx: GroupContext): ReportGroup | null {
  const payload = m.payload;
  if (payload.kind !== 'abc2') return null;
  const p = ctx.policy;
  const volume = volumeUnit(ctx.units);
  const method = (value: Code) => ({ concept: CODES.measurementMethod, value });
  const measurements: ReportMeasurement[] = [
    { concept: CODES.longAxis, value: payload.aMm, unit: 'mm' },
    { concept: CODES.shortAxis, value: payload.bMm, unit: 'mm' },
    { concept: CODES.craniocaudalExtent, value: payload.cMm, unit: 'mm' },
    { concept: CODES.volume, modifier: method(CODES.abc2Method), value: volume.convert(abc2VolumeMl([payload.aMm, payload.bMm, payload.cMm])), unit: volume.unit },
  ];
  if (payload.planimetricMl !== undefined && payload.planimetricMl !== null) {
    measurements.push({ concept: CODES.volume, modifier: method(CODES.planimetricMethod), value: volume.convert(payload.planimetricMl), unit: volume.unit });
  }
  const { aMm: _a, bMm: _b, cMm: _c, volumeMl: _v, planimetricMl: _p, ...details } = payload;
  return {
    template: '1501',
    trackingId: p.text(m.name),
    trackingUid: ctx.trackingUid(m.id),
    role: 'lesion',
    sourceSeriesUID: m.key.seriesInstanceUID,
    measurements,
    record: { entity: 'abc2', id: p.id(m.id), role: m.role, frameOfReferenceUID: m.key.frameOfReferenceUID === null ? null : p.uid(m.key.frameOfReferenceUID), ...details, hasPlanimetric: payload.planimetricMl !== undefined, ...stamps(m, p) },
  };
}

function segmentationGroup(s: StudyRecord['segmentations'][number], abc2Series: ReadonlySet<string>, ctx: GroupContext): ReportGroup {
  const { record: seg, planimetricMl } = s;
  const p = ctx.policy;
  const volume = volumeUnit(ctx.units);
  const segment = ctx.segmentOf(seg.id);
  // The CSV gives a series with a segmentation and no ABC/2 a planimetric-only lesion row: so does the report.
  const planimetricOnly = !abc2Series.has(seg.key.seriesInstanceUID);
  return {
    template: '1411',
    trackingId: p.text(seg.name),
    trackingUid: ctx.trackingUid(seg.id),
    role: 'lesion',
    sourceSeriesUID: seg.key.seriesInstanceUID,
    ...(segment ? { segment } : {}),
    measurements: planimetricOnly
      ? [{ concept: CODES.volume, modifier: { concept: CODES.measurementMethod, value: CODES.planimetricMethod }, value: volume.convert(planimetricMl), unit: volume.unit }]
      : [],
    record: { entity: 'segmentation', id: p.id(seg.id), role: seg.role, frameOfReferenceUID: seg.key.frameOfReferenceUID === null ? null : p.uid(seg.key.frameOfReferenceUID), dims: seg.dims, affine: seg.affine, ...stamps(seg, p) },
  };
}

/**
 * A line, bidirectional or probe: its numbers (lengths mm; probe values per map in export units)
 * inferred from its points (SCOORD3D). Probe values keep their stored natives in the record
 * fields, as ROI statistics do.
 */
function pointGroup(m: MeasurementRecord, ctx: GroupContext): ReportGroup | null {
  const payload = m.payload;
  // Perfusion volumes have no point geometry: the CSV and provenance JSON carry them, not the SR.
  if (payload.kind === 'abc2' || payload.kind === 'perfusionVolumes') return null;
  const p = ctx.policy;
  const frameOfReferenceUID = m.key.frameOfReferenceUID ?? ctx.frameOfReference(m.key.seriesInstanceUID);
  const graphic = (type: 'POLYLINE' | 'POINT', points: Vec3[]) => (frameOfReferenceUID === '' ? {} : { graphic: { type, frameOfReferenceUID, points } });
  let measurements: ReportMeasurement[];
  if (payload.kind === 'length') measurements = [{ concept: CODES.length, value: payload.lengthMm, unit: 'mm', ...graphic('POLYLINE', payload.points) }];
  else if (payload.kind === 'bidirectional') {
    measurements = [
      { concept: CODES.longAxis, value: payload.longMm, unit: 'mm', ...graphic('POLYLINE', payload.long) },
      { concept: CODES.shortAxis, value: payload.shortMm, unit: 'mm', ...graphic('POLYLINE', payload.short) },
    ];
  } else {
    measurements = Object.keys(payload.values)
      .sort((a, b) => compareMaps(a.toUpperCase(), b.toUpperCase()))
      .map((map) => {
        const { unit, convert } = mapUnit(map, ctx.units);
        return { concept: mapConcept(map), value: convert(payload.values[map]), unit, ...graphic('POINT', [payload.point]) };
      })
      .filter((x) => Number.isFinite(x.value));
  }
  return {
    template: '1501',
    trackingId: p.text(m.name),
    trackingUid: ctx.trackingUid(m.id),
    role: m.role ?? 'other',
    sourceSeriesUID: m.key.seriesInstanceUID,
    measurements,
    record: {
      entity: payload.kind,
      id: p.id(m.id),
      role: m.role,
      frameOfReferenceUID: m.key.frameOfReferenceUID === null ? null : p.uid(m.key.frameOfReferenceUID),
      ...(payload.kind === 'probe' ? { native: payload.values } : {}),
      ...stamps(m, p),
    },
  };
}

/** Every measurement group of a study's record, in the CSV's order (ROIs, then ABC/2, then segmentations), then lines and probes. */
export function reportGroups(record: StudyRecord, ctx: GroupContext): ReportGroup[] {
  const abc2 = record.measurements.map((m) => abc2Group(m, ctx)).filter((g): g is ReportGroup => g !== null);
  const abc2Series = new Set(record.measurements.filter((m) => m.kind === 'abc2').map((m) => m.key.seriesInstanceUID));
  return [
    ...record.rois.flatMap((r) => roiGroups(r, record.rois, ctx)),
    ...abc2,
    ...record.segmentations.map((s) => segmentationGroup(s, abc2Series, ctx)),
    ...record.measurements.map((m) => pointGroup(m, ctx)).filter((g): g is ReportGroup => g !== null),
  ];
}
