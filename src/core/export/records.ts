import type { RoiRole } from '../measure/types';
import { BASIC_PROFILE } from './basicProfile';
import type { ExportModel, ExportStudy, ExportSubject } from './exportModel';
import { areaUnit, cleanScaled, mapUnit, volumeUnit } from './exportUnits';

/**
 * Export records in export units (exportUnits.ts), flattened from the de-identified model:
 * one MeasurementRow per subject × timepoint × ROI × map, ipsi/contra ratios per mirrored pair,
 * lesion volumes; and their tidy long form (one value per row), the single source of the long,
 * wide and longitudinal tables.
 */

/** Opted-in identifying columns of a row (DICOM keyword → value); empty by default. */
export type IdentifierColumns = Record<string, string>;

export interface MeasurementRow {
  subject: string;
  timepoint: string;
  identifiers: IdentifierColumns;
  roiRole: RoiRole;
  roiName: string;
  /** Map name, upper case (FA, MD, AD, RD, ...). */
  map: string;
  /** Unit of mean, sd, median and iqr. */
  unit: string;
  mean: number;
  sd: number;
  median: number;
  iqr: number;
  /** Voxels included. */
  n: number;
  /** Planar ROIs only. */
  area: number | null;
  areaUnit: string;
  /** 3D ROIs only. */
  volume: number | null;
  volumeUnit: string;
}

/** Mean of the infarct ROI over mean of its mirrored contralateral ROI on one map (unitless). */
export interface RatioRow {
  subject: string;
  timepoint: string;
  identifiers: IdentifierColumns;
  ipsiName: string;
  contraName: string;
  map: string;
  ratio: number;
}

export interface LesionRow {
  subject: string;
  timepoint: string;
  identifiers: IdentifierColumns;
  name: string;
  /** Modality of the measured series (MR, CT); '' when not recorded. */
  modality: string;
  /** 'slices' or 'kothari'; '' when not recorded. */
  cMethod: string;
  /** First and last image marked for C ("Im", 1-based); null when C did not come from marked slices. */
  firstImage: number | null;
  lastImage: number | null;
  abc2Volume: number | null;
  planimetricVolume: number | null;
  unit: string;
}

/**
 * Saved CT perfusion volumes of one series: core, hypoperfused and mismatch volume in export
 * volume units, and the mismatch ratio (hypoperfused / core, unitless; null without a core).
 */
export interface PerfusionVolumeRow {
  subject: string;
  timepoint: string;
  identifiers: IdentifierColumns;
  name: string;
  core: number;
  hypoperfused: number;
  mismatch: number;
  mismatchRatio: number | null;
  unit: string;
}

/** The long rows' roi_role of perfusion volumes; their roi_name is the class. */
export const PERFUSION_ROLE = 'perfusion';

/** One value per row: the tidy long format. */
export interface LongRow {
  subject: string;
  timepoint: string;
  identifiers: IdentifierColumns;
  roiRole: string;
  roiName: string;
  map: string;
  statistic: string;
  value: number;
  unit: string;
}

/**
 * An ROI name as compared across timepoints: without its timepoint label (default names carry it,
 * "Infarct core 24 h" and "Infarct core day 14"), so the wide columns and the longitudinal pairs
 * match the same ROI at every timepoint. Every " <timepoint>" is removed (a ratio's name holds two).
 */
export function comparableRoiName(name: string, timepoint: string): string {
  return timepoint.trim() === '' ? name : name.split(` ${timepoint}`).join('');
}

/** Map order in every table: the trial's four DTI metrics first, then the rest alphabetically. */
const MAP_ORDER = ['FA', 'MD', 'AD', 'RD'];

export function compareMaps(a: string, b: string): number {
  const ia = MAP_ORDER.indexOf(a);
  const ib = MAP_ORDER.indexOf(b);
  if (ia !== ib) return (ia < 0 ? MAP_ORDER.length : ia) - (ib < 0 ? MAP_ORDER.length : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The opted-in identifier columns of a model, in profile order, the same for every row. Only
 * opt-ins: hashed UIDs and shifted dates belong in the provenance JSON, not in analysis tables.
 */
export function identifierColumnNames(model: ExportModel): string[] {
  return BASIC_PROFILE.filter((e) => e.scope !== 'series' && model.include.includes(e.flag)).map((e) => e.keyword);
}

function identifiersOf(subject: ExportSubject, study: ExportStudy, columns: readonly string[]): IdentifierColumns {
  const all = { ...subject.patient, ...study.attributes };
  return Object.fromEntries(columns.map((c) => [c, all[c] ?? '']));
}

/** All records of a model, in a fixed order (subject, study by time, ROI role/name, map). */
export function exportRecords(model: ExportModel): { measurements: MeasurementRow[]; ratios: RatioRow[]; lesions: LesionRow[]; perfusion: PerfusionVolumeRow[] } {
  const columns = identifierColumnNames(model);
  const area = areaUnit(model.units);
  const volume = volumeUnit(model.units);
  const measurements: MeasurementRow[] = [];
  const ratios: RatioRow[] = [];
  const lesions: LesionRow[] = [];
  const perfusion: PerfusionVolumeRow[] = [];
  for (const subject of model.subjects) {
    for (const study of subject.studies) {
      const base = { subject: subject.subject, timepoint: study.timepoint, identifiers: identifiersOf(subject, study, columns) };
      for (const roi of study.rois) {
        const stats = [...roi.stats].sort((a, b) => compareMaps(a.map.toUpperCase(), b.map.toUpperCase()));
        for (const s of stats) {
          const { unit, convert } = mapUnit(s.map, model.units);
          measurements.push({
            ...base,
            roiRole: roi.role,
            roiName: roi.name,
            map: s.map.toUpperCase(),
            unit,
            mean: convert(s.mean),
            sd: convert(s.sd),
            median: convert(s.median),
            iqr: convert(s.iqr),
            n: s.n,
            area: s.areaMm2 === undefined ? null : area.convert(s.areaMm2),
            areaUnit: area.unit,
            volume: s.volumeMl === undefined ? null : volume.convert(s.volumeMl),
            volumeUnit: volume.unit,
          });
        }
      }
      for (const contra of study.rois) {
        const ipsi = contra.mirrorOf === undefined ? undefined : study.rois.find((r) => r.id === contra.mirrorOf);
        if (!ipsi) continue;
        const maps = ipsi.stats
          .map((s) => s.map)
          .filter((m) => contra.stats.some((c) => c.map === m))
          .sort((a, b) => compareMaps(a.toUpperCase(), b.toUpperCase()));
        for (const map of maps) {
          const num = ipsi.stats.find((s) => s.map === map)!.mean;
          const den = contra.stats.find((s) => s.map === map)!.mean;
          ratios.push({ ...base, ipsiName: ipsi.name, contraName: contra.name, map: map.toUpperCase(), ratio: den === 0 ? NaN : cleanScaled(num / den) });
        }
      }
      for (const l of study.lesions) {
        lesions.push({
          ...base,
          name: l.name,
          modality: l.modality ?? '',
          cMethod: l.cMethod ?? '',
          firstImage: l.slices?.first ?? null,
          lastImage: l.slices?.last ?? null,
          abc2Volume: l.abc2Ml === null ? null : volume.convert(l.abc2Ml),
          planimetricVolume: l.planimetricMl === null ? null : volume.convert(l.planimetricMl),
          unit: volume.unit,
        });
      }
      for (const v of study.perfusionVolumes) {
        perfusion.push({
          ...base,
          name: v.name,
          core: volume.convert(v.coreMl),
          hypoperfused: volume.convert(v.hypoperfusedMl),
          mismatch: volume.convert(v.mismatchMl),
          mismatchRatio: v.mismatchRatio === null ? null : cleanScaled(v.mismatchRatio),
          unit: volume.unit,
        });
      }
    }
  }
  return { measurements, ratios, lesions, perfusion };
}

/**
 * The tidy long rows of a model: per study, its ROI measurements, then ipsi/contra ratios
 * (roi_role 'ipsi/contra', roi_name 'ipsi/contra' names, statistic 'mean_ratio'), then lesion
 * volumes (roi_role 'lesion', map 'volume', statistic 'abc2' / 'planimetric'), then perfusion
 * volumes (roi_role 'perfusion', roi_name 'core' / 'hypoperfused' / 'mismatch', map 'volume',
 * statistic 'volume'; the mismatch ratio as roi_name 'mismatch', statistic 'ratio', unit '1').
 */
export function longRows(model: ExportModel): LongRow[] {
  const { measurements, ratios, lesions, perfusion } = exportRecords(model);
  const rows: LongRow[] = [];
  const key = (r: { subject: string; timepoint: string }) => `${r.subject}\u0000${r.timepoint}`;
  const order: string[] = [];
  const groups = new Map<string, LongRow[]>();
  const push = (r: LongRow) => {
    const k = key(r);
    if (!groups.has(k)) {
      groups.set(k, []);
      order.push(k);
    }
    groups.get(k)!.push(r);
  };
  for (const m of measurements) {
    const common = { subject: m.subject, timepoint: m.timepoint, identifiers: m.identifiers, roiRole: m.roiRole, roiName: m.roiName, map: m.map };
    push({ ...common, statistic: 'mean', value: m.mean, unit: m.unit });
    push({ ...common, statistic: 'sd', value: m.sd, unit: m.unit });
    push({ ...common, statistic: 'median', value: m.median, unit: m.unit });
    push({ ...common, statistic: 'iqr', value: m.iqr, unit: m.unit });
    push({ ...common, statistic: 'n', value: m.n, unit: 'voxels' });
    if (m.area !== null) push({ ...common, statistic: 'area', value: m.area, unit: m.areaUnit });
    if (m.volume !== null) push({ ...common, statistic: 'volume', value: m.volume, unit: m.volumeUnit });
  }
  for (const r of ratios) {
    push({ subject: r.subject, timepoint: r.timepoint, identifiers: r.identifiers, roiRole: 'ipsi/contra', roiName: `${r.ipsiName}/${r.contraName}`, map: r.map, statistic: 'mean_ratio', value: r.ratio, unit: '1' });
  }
  for (const l of lesions) {
    const common = { subject: l.subject, timepoint: l.timepoint, identifiers: l.identifiers, roiRole: 'lesion', roiName: l.name, map: 'volume', unit: l.unit };
    if (l.abc2Volume !== null) push({ ...common, statistic: 'abc2', value: l.abc2Volume });
    if (l.planimetricVolume !== null) push({ ...common, statistic: 'planimetric', value: l.planimetricVolume });
  }
  for (const v of perfusion) {
    const common = { subject: v.subject, timepoint: v.timepoint, identifiers: v.identifiers, roiRole: PERFUSION_ROLE, map: 'volume' };
    push({ ...common, roiName: 'core', statistic: 'volume', value: v.core, unit: v.unit });
    push({ ...common, roiName: 'hypoperfused', statistic: 'volume', value: v.hypoperfused, unit: v.unit });
    push({ ...common, roiName: 'mismatch', statistic: 'volume', value: v.mismatch, unit: v.unit });
    if (v.mismatchRatio !== null) push({ ...common, roiName: 'mismatch', statistic: 'ratio', value: v.mismatchRatio, unit: '1' });
  }
  for (const k of order) rows.push(...groups.get(k)!);
  return rows;
}
