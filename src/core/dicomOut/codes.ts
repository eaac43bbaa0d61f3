/**
 * The coded concepts our result objects use (DICOM PS3.16): SNOMED CT (SCT), DICOM (DCM), UCUM
 * units, and a private scheme (99DTITV, the app's) for what PS3.16 has no concept for: the
 * interquartile range, quartiles and voxel count of an ROI, the ipsi/contra ratio, ABC/2's
 * craniocaudal extent and method, and the app's record fields that let a reopened study
 * restore its ROIs exactly (shape, plane, mirror link, fit provenance).
 */

/** A coded entry as a naturalised dcmjs Code Sequence item. */
export interface Code {
  CodeValue: string;
  CodingSchemeDesignator: string;
  CodeMeaning: string;
}

const code = (CodeValue: string, CodingSchemeDesignator: string, CodeMeaning: string): Code => ({ CodeValue, CodingSchemeDesignator, CodeMeaning });

/** The private coding scheme of the app (PS3.16 8.2: designators starting "99" are private). */
export const PRIVATE_SCHEME = '99DTITV';

export const CODES = {
  // TID 1500 structure.
  imagingMeasurementReport: code('126000', 'DCM', 'Imaging Measurement Report'),
  languageOfContent: code('121049', 'DCM', 'Language of Content Item and Descendants'),
  english: code('eng', 'RFC5646', 'English'),
  observerType: code('121005', 'DCM', 'Observer Type'),
  person: code('121006', 'DCM', 'Person'),
  personObserverName: code('121008', 'DCM', 'Person Observer Name'),
  procedureReported: code('121058', 'DCM', 'Procedure reported'),
  mrBrain: code('24590-2', 'LN', 'MR Brain'),
  ctHead: code('24725-4', 'LN', 'CT Head'),
  imageLibrary: code('111028', 'DCM', 'Image Library'),
  imagingMeasurements: code('126010', 'DCM', 'Imaging Measurements'),
  measurementGroup: code('125007', 'DCM', 'Measurement Group'),
  trackingIdentifier: code('112039', 'DCM', 'Tracking Identifier'),
  trackingUid: code('112040', 'DCM', 'Tracking Unique Identifier'),
  finding: code('121071', 'DCM', 'Finding'),
  findingSite: code('363698007', 'SCT', 'Finding Site'),
  brain: code('12738006', 'SCT', 'Brain'),
  imageRegion: code('111030', 'DCM', 'Image Region'),
  referencedSegment: code('121191', 'DCM', 'Referenced Segment'),
  sourceSeriesForSegmentation: code('121232', 'DCM', 'Source series for segmentation'),
  sourceOfMeasurement: code('121112', 'DCM', 'Source of Measurement'),
  measurementMethod: code('370129005', 'SCT', 'Measurement Method'),
  derivation: code('121401', 'DCM', 'Derivation'),
  // Statistics (CID 7464 General Region of Interest Measurement Modifiers) and sizes.
  mean: code('373098007', 'SCT', 'Mean'),
  standardDeviation: code('386136009', 'SCT', 'Standard Deviation'),
  median: code('373099004', 'SCT', 'Median'),
  minimum: code('255605001', 'SCT', 'Minimum'),
  maximum: code('56851009', 'SCT', 'Maximum'),
  area: code('42798000', 'SCT', 'Area'),
  volume: code('118565006', 'SCT', 'Volume'),
  length: code('410668003', 'SCT', 'Length'),
  longAxis: code('103339001', 'SCT', 'Long Axis'),
  shortAxis: code('103340004', 'SCT', 'Short Axis'),
  // Findings and segment categories/types.
  cerebralInfarction: code('432504007', 'SCT', 'Cerebral infarction'),
  morphologicallyAlteredStructure: code('49755003', 'SCT', 'Morphologically Altered Structure'),
  anatomicalStructure: code('123037004', 'SCT', 'Anatomical Structure'),
  tissue: code('85756007', 'SCT', 'Tissue'),
  infarct: code('55641003', 'SCT', 'Infarct'),
  lesion: code('52988006', 'SCT', 'Lesion'),
  // De-identification method (CID 7050).
  basicProfile: code('113100', 'DCM', 'Basic Application Confidentiality Profile'),
  fullDates: code('113106', 'DCM', 'Retain Longitudinal Temporal Information Full Dates Option'),
  modifiedDates: code('113107', 'DCM', 'Retain Longitudinal Temporal Information Modified Dates Option'),
  retainUids: code('113110', 'DCM', 'Retain UIDs Option'),
  // Private: what PS3.16 has no concept for.
  interquartileRange: code('IQR', PRIVATE_SCHEME, 'Interquartile range'),
  firstQuartile: code('Q1', PRIVATE_SCHEME, 'First quartile'),
  thirdQuartile: code('Q3', PRIVATE_SCHEME, 'Third quartile'),
  voxelCount: code('VOXELS', PRIVATE_SCHEME, 'Voxels included'),
  meanRatio: code('MEAN-RATIO', PRIVATE_SCHEME, 'Ipsilateral to contralateral mean ratio'),
  craniocaudalExtent: code('ABC2-C', PRIVATE_SCHEME, 'Craniocaudal extent (ABC/2 C)'),
  abc2Method: code('ABC2', PRIVATE_SCHEME, 'ABC/2 (Kothari 1996)'),
  planimetricMethod: code('PLANIMETRIC', PRIVATE_SCHEME, 'Planimetric (sum of slice areas)'),
  contralateralMirror: code('CONTRA-MIRROR', PRIVATE_SCHEME, 'Contralateral mirror region'),
  perilesional: code('PERILESIONAL', PRIVATE_SCHEME, 'Perilesional region'),
  otherRegion: code('OTHER-REGION', PRIVATE_SCHEME, 'Other region of interest'),
  recordFields: code('RECORD', PRIVATE_SCHEME, 'DTI Trial Viewer record fields'),
} as const;

/** The SNOMED / DCM concept of each DTI map a statistic or parametric map is of; private for the rest. */
export function mapConcept(map: string): Code {
  switch (map.toLowerCase()) {
    case 'fa':
      return code('110808', 'DCM', 'Fractional Anisotropy');
    case 'md':
      return code('113041', 'DCM', 'Apparent Diffusion Coefficient');
    default:
      return code(map.toUpperCase(), PRIVATE_SCHEME, `${map.toUpperCase()} map`);
  }
}
