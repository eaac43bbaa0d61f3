import type { Abc2Details, MeasurementRecord, MapProvenance, StoredRoi, StoredSegmentation } from '../store/records';
import { MAP_SPECS } from '../maps/mapCatalog';
import type { Mat4, Vec3 } from '../math/types';
import type { PlanarRoi, RoiStats } from '../measure/types';
import { CODES, mapConcept } from './codes';
import { key, type ReadGroup, type ReadNum } from './readMeasurementReport';
import type { ReadSegmentation } from './readSegmentation';
import { areaToMm2, exportIn, mapUnitIn, mapValueToNative, volumeToMl } from './nativeValue';
import { areaUnit, volumeUnit } from '../export/exportUnits';
import { unitLabelOf } from './ucum';

/**
 * The case record restored from our SR groups and SEG segments: ROIs (outline from the SR's 3D
 * polygon, statistics from its NUMs back in native units, shape/plane/mirror/fit from the record
 * fields), ABC/2 measurements, and lesion segmentations (labels from the SEG frames, on the grid
 * the record fields name).
 */

export interface RestoredRecord {
  rois: StoredRoi[];
  measurements: MeasurementRecord[];
  segmentations: StoredSegmentation[];
  /** What could not be restored, and why. */
  warnings: string[];
}

type Stamps = Pick<StoredRoi, 'createdBy' | 'updatedBy' | 'createdAt' | 'updatedAt'>;

const MAP_BY_CONCEPT = new Map(MAP_SPECS.map((s) => [key(mapConcept(s.name)), s.name as string]));
const STAT_BY_MODIFIER: Record<string, keyof Omit<RoiStats, 'map' | 'n' | 'areaMm2' | 'volumeMl'>> = {
  [key(CODES.mean)]: 'mean',
  [key(CODES.standardDeviation)]: 'sd',
  [key(CODES.median)]: 'median',
  [key(CODES.interquartileRange)]: 'iqr',
  [key(CODES.firstQuartile)]: 'q1',
  [key(CODES.thirdQuartile)]: 'q3',
  [key(CODES.minimum)]: 'min',
  [key(CODES.maximum)]: 'max',
};

const label = (n: ReadNum) => {
  const l = unitLabelOf(n.unit);
  if (l === null) throw new Error(`unit '${n.unit}' is not one the export writes`);
  return l;
};

const stampsOf = (r: Record<string, unknown>): Stamps => ({
  createdBy: String(r.createdBy ?? ''),
  updatedBy: String(r.updatedBy ?? ''),
  createdAt: String(r.createdAt ?? ''),
  updatedAt: String(r.updatedAt ?? ''),
});

/**
 * A value read in an export unit, in native units: the stored native value when it converts to
 * exactly the value read (the record fields keep it to the bit), else the value read converted.
 */
function nativeOf(read: number, toNative: (v: number) => number, stored: number | undefined, toExport: (v: number) => number): number {
  return stored !== undefined && toExport(stored) === read ? stored : toNative(read);
}

/** One map's statistics from a group's NUMs (null when the group holds no statistic of a map); `stored` the record's own. */
function statsOf(nums: readonly ReadNum[], stored: readonly RoiStats[]): RoiStats | null {
  const map = nums.map((n) => (n.modifier && STAT_BY_MODIFIER[n.modifier] ? MAP_BY_CONCEPT.get(n.concept) : undefined)).find((m) => m !== undefined);
  if (map === undefined) return null;
  const own = stored.find((x) => x.map === map);
  const s: Partial<RoiStats> = {};
  for (const n of nums) {
    const stat = n.modifier ? STAT_BY_MODIFIER[n.modifier] : undefined;
    if (stat && MAP_BY_CONCEPT.get(n.concept) === map) {
      const unit = mapUnitIn(map, label(n));
      s[stat] = nativeOf(n.value, mapValueToNative(map, label(n)), own?.[stat], unit);
    } else if (n.concept === key(CODES.voxelCount)) s.n = n.value;
    else if (n.concept === key(CODES.area)) s.areaMm2 = nativeOf(n.value, areaToMm2(label(n)), own?.areaMm2, exportIn(areaUnit, label(n)));
    else if (n.concept === key(CODES.volume) && n.modifier === null) s.volumeMl = nativeOf(n.value, volumeToMl(label(n)), own?.volumeMl, exportIn(volumeUnit, label(n)));
  }
  if (map === null) return null;
  return { map, n: s.n ?? 0, mean: s.mean ?? NaN, sd: s.sd ?? NaN, median: s.median ?? NaN, q1: s.q1 ?? NaN, q3: s.q3 ?? NaN, iqr: s.iqr ?? NaN, min: s.min ?? NaN, max: s.max ?? NaN, areaMm2: s.areaMm2 ?? NaN, ...(s.volumeMl !== undefined ? { volumeMl: s.volumeMl } : {}) };
}

function restoreRois(groups: readonly ReadGroup[], studyInstanceUID: string, warnings: string[]): StoredRoi[] {
  const byTracking = new Map<string, ReadGroup[]>();
  for (const g of groups) byTracking.set(g.trackingUid, [...(byTracking.get(g.trackingUid) ?? []), g]);
  return [...byTracking.values()].flatMap((gs) => {
    const g = gs[0];
    const r = g.record!;
    if (!g.region) {
      warnings.push(`ROI "${g.trackingId}" has no outline (its series has no frame of reference): not restored`);
      return [];
    }
    const region = g.region;
    const roi: PlanarRoi = {
      id: String(r.id),
      shape: r.shape as PlanarRoi['shape'],
      role: r.role as PlanarRoi['role'],
      name: g.trackingId,
      plane: r.plane as PlanarRoi['plane'],
      contour: region.points,
      ...(r.ellipse ? { ellipse: r.ellipse as NonNullable<PlanarRoi['ellipse']> } : {}),
      ...(r.mirrorOf !== undefined ? { mirrorOf: String(r.mirrorOf) } : {}),
    };
    const m = r.measured as { units: Record<string, string>; measuredAt: string; fit: MapProvenance; native?: RoiStats[] } | undefined;
    const stats = gs.map((x) => statsOf(x.nums, (m?.native as RoiStats[] | undefined) ?? [])).filter((s): s is RoiStats => s !== null);
    return {
      key: { studyInstanceUID, seriesInstanceUID: g.sourceSeriesUID, frameOfReferenceUID: r.keyHasFrameOfReference === false ? null : region.frameOfReferenceUID },
      roi,
      measured: m ? { stats, units: m.units, fit: m.fit, measuredAt: m.measuredAt } : null,
      ...stampsOf(r),
    };
  });
}

function restoreAbc2(g: ReadGroup, studyInstanceUID: string): MeasurementRecord {
  const r = g.record!;
  const num = (concept: string, modifier: string | null = null) => g.nums.find((n) => n.concept === concept && n.modifier === modifier);
  const mm = (c: string) => {
    const n = num(c);
    if (!n) throw new Error(`ABC/2 "${g.trackingId}" lacks a diameter`);
    return n.value;
  };
  const volume = (method: string) => {
    const n = num(key(CODES.volume), method);
    return n ? volumeToMl(label(n))(n.value) : null;
  };
  const details = { modality: r.modality, cMethod: r.cMethod, slices: r.slices, segmentation: r.segmentation } as Abc2Details;
  const defined = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined));
  return {
    id: String(r.id),
    key: { studyInstanceUID, seriesInstanceUID: g.sourceSeriesUID, frameOfReferenceUID: (r.frameOfReferenceUID as string | null) ?? null },
    name: g.trackingId,
    role: (r.role as MeasurementRecord['role']) ?? null,
    kind: 'abc2',
    payload: {
      kind: 'abc2',
      aMm: mm(key(CODES.longAxis)),
      bMm: mm(key(CODES.shortAxis)),
      cMm: mm(key(CODES.craniocaudalExtent)),
      volumeMl: volume(key(CODES.abc2Method)) ?? NaN,
      ...defined,
      ...(r.hasPlanimetric ? { planimetricMl: volume(key(CODES.planimetricMethod)) } : {}),
    },
    ...stampsOf(r),
  };
}

function restoreSegmentation(g: ReadGroup, segs: readonly ReadSegmentation[], studyInstanceUID: string): StoredSegmentation {
  const r = g.record!;
  const seg = segs.find((s) => s.sopInstanceUID === g.segment?.sopInstanceUID)?.segments.find((s) => s.segmentNumber === g.segment?.segmentNumber);
  if (!seg) throw new Error(`lesion "${g.trackingId}": its segmentation object is not among the files read`);
  const dims = r.dims as [number, number, number];
  const affine = r.affine as Mat4;
  const [nx, ny, nz] = dims;
  const labels = new Uint8Array(nx * ny * nz);
  const ek: Vec3 = [affine[2], affine[6], affine[10]];
  const e2 = ek[0] * ek[0] + ek[1] * ek[1] + ek[2] * ek[2];
  for (const f of seg.frames) {
    const d: Vec3 = [f.position[0] - affine[3], f.position[1] - affine[7], f.position[2] - affine[11]];
    const k = Math.round((d[0] * ek[0] + d[1] * ek[1] + d[2] * ek[2]) / e2);
    if (k < 0 || k >= nz || f.pixels.length !== nx * ny) throw new Error(`lesion "${g.trackingId}": a frame lies off its grid`);
    labels.set(f.pixels, k * nx * ny);
  }
  return {
    id: String(r.id),
    key: { studyInstanceUID, seriesInstanceUID: g.sourceSeriesUID, frameOfReferenceUID: (r.frameOfReferenceUID as string | null) ?? null },
    name: g.trackingId,
    role: (r.role as StoredSegmentation['role']) ?? null,
    dims,
    affine,
    labels,
    voxels: labels.reduce((s, v) => s + v, 0),
    ...stampsOf(r),
  };
}

/** A line, bidirectional or probe: numbers from the NUMs, points from the SCOORD3D each was inferred from. */
function restorePointMeasurement(g: ReadGroup, studyInstanceUID: string, warnings: string[]): MeasurementRecord[] {
  const r = g.record!;
  const kind = r.entity as 'length' | 'bidirectional' | 'probe';
  const line = (concept: string): { points: [Vec3, Vec3]; mm: number } | null => {
    const n = g.nums.find((x) => x.concept === concept);
    return n && n.points?.length === 2 ? { points: [n.points[0], n.points[1]], mm: n.value } : null;
  };
  let payload: MeasurementRecord['payload'] | null = null;
  if (kind === 'length') {
    const l = line(key(CODES.length));
    if (l) payload = { kind, points: l.points, lengthMm: l.mm };
  } else if (kind === 'bidirectional') {
    const [long, short] = [line(key(CODES.longAxis)), line(key(CODES.shortAxis))];
    if (long && short) payload = { kind, long: long.points, short: short.points, longMm: long.mm, shortMm: short.mm };
  } else {
    const native = (r.native ?? {}) as Record<string, number>;
    const point = g.nums.find((n) => n.points?.length === 1)?.points?.[0];
    const values: Record<string, number> = {};
    for (const n of g.nums) {
      const map = MAP_BY_CONCEPT.get(n.concept);
      if (map) values[map] = nativeOf(n.value, mapValueToNative(map, label(n)), native[map], mapUnitIn(map, label(n)));
    }
    if (point) payload = { kind, point, values };
  }
  if (!payload) {
    warnings.push(`${kind} "${g.trackingId}" has no points (its series has no frame of reference): not restored`);
    return [];
  }
  return [
    {
      id: String(r.id),
      key: { studyInstanceUID, seriesInstanceUID: g.sourceSeriesUID, frameOfReferenceUID: (r.frameOfReferenceUID as string | null) ?? null },
      name: g.trackingId,
      role: (r.role as MeasurementRecord['role']) ?? null,
      kind,
      payload,
      ...stampsOf(r),
    },
  ];
}

export function restoreRecord(groups: readonly ReadGroup[], segs: readonly ReadSegmentation[], studyInstanceUID: string): RestoredRecord {
  const of = (entity: string) => groups.filter((g) => g.record?.entity === entity);
  const warnings: string[] = [];
  return {
    warnings,
    rois: restoreRois(of('roi'), studyInstanceUID, warnings),
    measurements: [
      ...of('abc2').map((g) => restoreAbc2(g, studyInstanceUID)),
      ...groups.filter((g) => ['length', 'bidirectional', 'probe'].includes(String(g.record?.entity))).flatMap((g) => restorePointMeasurement(g, studyInstanceUID, warnings)),
    ],
    segmentations: of('segmentation').map((g) => restoreSegmentation(g, segs, studyInstanceUID)),
  };
}
