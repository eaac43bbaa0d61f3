import type { Vec3 } from '../math/types';
import { CODES, type Code } from './codes';
import { codeKey, items, number, text, values } from './datasetAccess';
import type { Dataset } from './part10';

/**
 * The measurement groups of a TID 1500 report as read: tracking identifier and UID, source
 * series, 3D region, referenced segment, each NUM (quantity, modifier, exact value, UCUM unit)
 * and our record fields. Content is found by concept codes, not by position.
 */

export interface ReadNum {
  /** 'value|scheme' of the quantity, the modifier's value (derivation or method) or null. */
  concept: string;
  modifier: string | null;
  value: number;
  /** UCUM code value. */
  unit: string;
  /** Points it was inferred from (SCOORD3D child), LPS mm. */
  points: Vec3[] | null;
}

export interface ReadGroup {
  trackingId: string;
  trackingUid: string;
  sourceSeriesUID: string;
  region: { frameOfReferenceUID: string; points: Vec3[] } | null;
  segment: { sopInstanceUID: string; segmentNumber: number } | null;
  nums: ReadNum[];
  record: Record<string, unknown> | null;
}

export const key = (c: Code) => `${c.CodeValue}|${c.CodingSchemeDesignator}`;

const concept = (item: Dataset) => codeKey(item.ConceptNameCodeSequence);

/** The points of a SCOORD3D item, LPS mm; a POLYGON's repeated closing point dropped. */
function pointsOf(item: Dataset): Vec3[] {
  const flat = values(item.GraphicData).map(Number);
  const points: Vec3[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) points.push([flat[i], flat[i + 1], flat[i + 2]]);
  if (text(item.GraphicType) === 'POLYGON' && points.length > 1 && points[0].every((v, i) => v === points[points.length - 1][i])) points.pop();
  return points;
}

function readNum(item: Dataset): ReadNum | null {
  const mv = items(item.MeasuredValueSequence)[0];
  if (!mv) return null;
  // The exact double when written (FloatingPointValue), else the decimal string.
  const fp = values(mv.FloatingPointValue)[0];
  const value = fp !== undefined ? Number(fp) : Number(text(mv.NumericValue));
  const mod = items(item.ContentSequence).find((c) => c.ValueType === 'CODE' && c.RelationshipType === 'HAS CONCEPT MOD');
  const scoord = items(item.ContentSequence).find((c) => c.ValueType === 'SCOORD3D');
  return {
    concept: concept(item),
    modifier: mod ? codeKey(mod.ConceptCodeSequence) : null,
    value,
    unit: text(items(mv.MeasurementUnitsCodeSequence)[0]?.CodeValue),
    points: scoord ? pointsOf(scoord) : null,
  };
}

function readGroup(group: Dataset, name: string): ReadGroup {
  const out: ReadGroup = { trackingId: '', trackingUid: '', sourceSeriesUID: '', region: null, segment: null, nums: [], record: null };
  for (const item of items(group.ContentSequence)) {
    const c = concept(item);
    if (c === key(CODES.trackingIdentifier)) out.trackingId = text(item.TextValue);
    else if (c === key(CODES.trackingUid)) out.trackingUid = text(item.UID);
    else if (c === key(CODES.sourceSeriesForSegmentation)) out.sourceSeriesUID = text(item.UID);
    else if (c === key(CODES.imageRegion) && item.ValueType === 'SCOORD3D') out.region = { frameOfReferenceUID: text(item.ReferencedFrameOfReferenceUID), points: pointsOf(item) }; else if (c === key(CODES.referencedSegment)) {
      const ref = items(item.ReferencedSOPSequence)[0];
      if (ref) out.segment = { sopInstanceUID: text(ref.ReferencedSOPInstanceUID), segmentNumber: number(ref.ReferencedSegmentNumber) };
    } else if (item.ValueType === 'NUM') {
      const num = readNum(item);
      if (num) out.nums.push(num);
    } else if (c === key(CODES.recordFields)) {
      try {
        out.record = JSON.parse(text(item.TextValue)) as Record<string, unknown>;
      } catch {
        throw new Error(`${name}: measurement group "${out.trackingId}" has unreadable record fields`);
      }
    }
  }
  return out;
}

/** The groups of a TID 1500 report; throws naming the file when it is not one. */
export function readMeasurementReport(ds: Dataset, name: string): ReadGroup[] {
  if (codeKey(ds.ConceptNameCodeSequence) !== key(CODES.imagingMeasurementReport)) throw new Error(`${name}: an SR, but not a TID 1500 Imaging Measurement Report`);
  const measurements = items(ds.ContentSequence).find((c) => concept(c) === key(CODES.imagingMeasurements));
  return items(measurements?.ContentSequence)
    .filter((c) => concept(c) === key(CODES.measurementGroup))
    .map((g) => readGroup(g, name));
}
