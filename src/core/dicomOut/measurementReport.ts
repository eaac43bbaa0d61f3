import type { Vec3 } from '../math/types';
import { CODES, type Code } from './codes';
import { commonModules, personName, type Authoring, type ObjectIdentity } from './commonModules';
import type { Dataset } from './part10';
import { findingCode, type ResultRole } from './segmentCodes';
import { codeItem, container, imageItem, numItem, personItem, scoordItem, textItem, uidItem, type Graphic } from './srContent';
import type { SourceStudy } from './sourceSeries';

/**
 * A TID 1500 Imaging Measurement Report (Comprehensive 3D SR, PS3.16 TID 1500): one
 * measurement group per ROI and map (TID 1410: its region as a 3D polygon), per ABC/2 (TID 1501)
 * and per lesion segmentation (TID 1411: its SEG segment), each with its tracking identifier and
 * UID, finding, finding site and the app's record fields (private TEXT, for an exact reopen).
 */

export const COMPREHENSIVE_3D_SR = '1.2.840.10008.5.1.4.1.1.88.34';

/** One NUM: a quantity, an optional modifier (derivation, method), its value and export unit, and the image it was measured on. */
export interface ReportMeasurement {
  concept: Code;
  modifier?: { concept: Code; value: Code };
  value: number;
  unit: string;
  source?: { sopClassUID: string; sopInstanceUID: string };
  /** The points it was measured between (a line) or at (a probe). */
  graphic?: Graphic;
}

export interface ReportGroup {
  template: '1410' | '1411' | '1501';
  trackingId: string;
  trackingUid: string;
  role: ResultRole;
  sourceSeriesUID: string;
  region?: { frameOfReferenceUID: string; points: Vec3[] };
  segment?: { sopClassUID: string; sopInstanceUID: string; segmentNumber: number };
  measurements: ReportMeasurement[];
  /** The app's record fields of the group's entity, written as JSON text. */
  record: Record<string, unknown>;
}

/** An instance the report references (a segmentation, a parametric map): listed as evidence. */
export interface Evidence {
  seriesInstanceUID: string;
  sopClassUID: string;
  sopInstanceUID: string;
}

function groupContent(g: ReportGroup): Dataset {
  const children: Dataset[] = [
    textItem('HAS OBS CONTEXT', CODES.trackingIdentifier, g.trackingId),
    uidItem('HAS OBS CONTEXT', CODES.trackingUid, g.trackingUid),
    codeItem('CONTAINS', CODES.finding, findingCode(g.role)),
    codeItem('HAS CONCEPT MOD', CODES.findingSite, CODES.brain),
  ];
  if (g.segment) children.push(imageItem('CONTAINS', CODES.referencedSegment, g.segment));
  children.push(uidItem('CONTAINS', CODES.sourceSeriesForSegmentation, g.sourceSeriesUID));
  if (g.region) children.push(scoordItem('CONTAINS', CODES.imageRegion, { type: 'POLYGON', ...g.region }));
  for (const m of g.measurements) {
    const mods: Dataset[] = [];
    if (m.modifier) mods.push(codeItem('HAS CONCEPT MOD', m.modifier.concept, m.modifier.value));
    if (m.source) mods.push(imageItem('INFERRED FROM', CODES.sourceOfMeasurement, m.source));
    if (m.graphic) mods.push(scoordItem('INFERRED FROM', CODES.imageRegion, m.graphic));
    children.push(numItem(m.concept, m.value, m.unit, mods));
  }
  children.push(textItem('CONTAINS', CODES.recordFields, JSON.stringify(g.record)));
  return container('CONTAINS', CODES.measurementGroup, children, g.template);
}

export function measurementReportDataset(
  source: SourceStudy,
  groups: readonly ReportGroup[],
  evidence: readonly Evidence[],
  id: Omit<ObjectIdentity, 'sopClassUID' | 'modality'>,
  authoring: Authoring & { reader: string; procedure: Code },
): Dataset {
  const bySeries = new Map<string, Evidence[]>();
  for (const e of evidence) bySeries.set(e.seriesInstanceUID, [...(bySeries.get(e.seriesInstanceUID) ?? []), e]);
  const root = container(
    'CONTAINS',
    CODES.imagingMeasurementReport,
    [
      codeItem('HAS CONCEPT MOD', CODES.languageOfContent, CODES.english),
      codeItem('HAS OBS CONTEXT', CODES.observerType, CODES.person),
      personItem('HAS OBS CONTEXT', CODES.personObserverName, personName(authoring.reader)),
      codeItem('HAS CONCEPT MOD', CODES.procedureReported, authoring.procedure),
      container('CONTAINS', CODES.imageLibrary, []),
      container('CONTAINS', CODES.imagingMeasurements, groups.map(groupContent)),
    ],
    '1500',
  );
  // The document root has no relationship to a parent.
  delete root.RelationshipType;
  return {
    ...commonModules(source, { ...id, sopClassUID: COMPREHENSIVE_3D_SR, modality: 'SR' }, authoring),
    ReferencedPerformedProcedureStepSequence: [],
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    PerformedProcedureCodeSequence: [],
    ...(bySeries.size > 0
      ? {
          CurrentRequestedProcedureEvidenceSequence: [
            {
              StudyInstanceUID: source.study.studyInstanceUID,
              ReferencedSeriesSequence: [...bySeries].map(([series, refs]) => ({
                SeriesInstanceUID: series,
                ReferencedSOPSequence: refs.map((r) => ({ ReferencedSOPClassUID: r.sopClassUID, ReferencedSOPInstanceUID: r.sopInstanceUID })),
              })),
            },
          ],
        }
      : {}),
    ...root,
  };
}
