import type { Vec3 } from '../math/types';
import type { Code } from './codes';
import { decimalString } from './decimalString';
import type { Dataset } from './part10';
import { ucumCode } from './ucum';

/**
 * SR content items (PS3.3 C.17.3) as naturalised datasets, one builder per value type. A NUM
 * holds its value twice, as DICOM asks since 2013: NumericValue (DS, at most 16 characters: the
 * CSV's text whenever it fits) and FloatingPointValue (FD, the exact double the CSV printed).
 */

export type Relationship = 'CONTAINS' | 'HAS OBS CONTEXT' | 'HAS CONCEPT MOD' | 'HAS PROPERTIES' | 'INFERRED FROM';

const item = (relationship: Relationship, valueType: string, concept: Code, rest: Dataset): Dataset => ({
  RelationshipType: relationship,
  ValueType: valueType,
  ConceptNameCodeSequence: [concept],
  ...rest,
});

export function container(relationship: Relationship, concept: Code, children: Dataset[], template?: string): Dataset {
  return item(relationship, 'CONTAINER', concept, {
    ContinuityOfContent: 'SEPARATE',
    ...(template ? { ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: template }] } : {}),
    ...(children.length > 0 ? { ContentSequence: children } : {}),
  });
}

export function codeItem(relationship: Relationship, concept: Code, value: Code): Dataset {
  return item(relationship, 'CODE', concept, { ConceptCodeSequence: [value] });
}

export function textItem(relationship: Relationship, concept: Code, text: string): Dataset {
  return item(relationship, 'TEXT', concept, { TextValue: text });
}

export function uidItem(relationship: Relationship, concept: Code, uid: string): Dataset {
  return item(relationship, 'UIDREF', concept, { UID: uid });
}

export function personItem(relationship: Relationship, concept: Code, name: string): Dataset {
  return item(relationship, 'PNAME', concept, { PersonName: name });
}

/** A NUM in the unit of an export unit label (ucum.ts); `children` are its modifiers and sources. */
export function numItem(concept: Code, value: number, unitLabel: string, children: Dataset[] = []): Dataset {
  return item('CONTAINS', 'NUM', concept, {
    MeasuredValueSequence: [{ MeasurementUnitsCodeSequence: [ucumCode(unitLabel)], NumericValue: decimalString(value), FloatingPointValue: value }],
    ...(children.length > 0 ? { ContentSequence: children } : {}),
  });
}

/** An IMAGE reference: an instance, optionally one segment of a segmentation. */
export function imageItem(relationship: Relationship, concept: Code, ref: { sopClassUID: string; sopInstanceUID: string; segmentNumber?: number }): Dataset {
  return item(relationship, 'IMAGE', concept, {
    ReferencedSOPSequence: [
      {
        ReferencedSOPClassUID: ref.sopClassUID,
        ReferencedSOPInstanceUID: ref.sopInstanceUID,
        ...(ref.segmentNumber !== undefined ? { ReferencedSegmentNumber: ref.segmentNumber } : {}),
      },
    ],
  });
}

/** 3D spatial coordinates in a frame of reference, LPS mm (GraphicData is float32 by the standard). */
export interface Graphic {
  type: 'POLYGON' | 'POLYLINE' | 'POINT';
  frameOfReferenceUID: string;
  points: Vec3[];
}

/** A SCOORD3D item; a POLYGON is closed by repeating its first point last, as the standard requires. */
export function scoordItem(relationship: Relationship, concept: Code, g: Graphic): Dataset {
  const points = g.type === 'POLYGON' ? [...g.points, g.points[0]] : g.points;
  return item(relationship, 'SCOORD3D', concept, {
    GraphicType: g.type,
    GraphicData: points.flat(),
    ReferencedFrameOfReferenceUID: g.frameOfReferenceUID,
  });
}
