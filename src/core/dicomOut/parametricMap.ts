import { findMapSpec } from '../maps/mapCatalog';
import { mapConcept } from './codes';
import { commonModules, type Authoring, type ObjectIdentity } from './commonModules';
import { decimalString } from './decimalString';
import { gridPlanes } from './gridGeometry';
import type { Dataset } from './part10';
import type { SourceSeries, SourceStudy } from './sourceSeries';
import { ucumCode } from './ucum';

/**
 * A Parametric Map (PS3.3 A.75) of one DTI map: the map's float32 values as computed (native
 * units, FA unitless, diffusivities mm²/s) in Float Pixel Data, one frame per slice of the
 * series' grid, with Real World Value Mappings to the native UCUM unit and, where the catalogue
 * has them, to the trial's export unit (10⁻⁶ mm²/s; FA × 10⁴). Each frame derives from the
 * source image of its slice.
 */

export const PARAMETRIC_MAP_STORAGE = '1.2.840.10008.5.1.4.1.1.30';

const QUANTITY = { CodeValue: '246205007', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Quantity' };
const SOURCE_PURPOSE = { CodeValue: '121322', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Source image for image processing operation' };
/** CID 7203 Image Derivation: FA is a diffusion anisotropy, MD the ADC, the others diffusion-weighted derivations. */
function derivation(map: string) {
  const m = map.toLowerCase();
  if (m === 'fa') return { CodeValue: '113044', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Diffusion Anisotropy' };
  if (m === 'md') return { CodeValue: '113041', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Apparent Diffusion Coefficient' };
  return { CodeValue: '113043', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Diffusion weighted' };
}

/** Image and frame type: a derived volume (image flavour), with the derived pixel contrast of the map (Enhanced MR defined terms). */
function frameType(map: string): string[] {
  const m = map.toLowerCase();
  return ['DERIVED', 'PRIMARY', 'VOLUME', m === 'fa' ? 'DIFFUSION_ANISO' : m === 'md' ? 'ADC' : 'DIFFUSION'];
}

/** The map's real-world mappings: native units first, then the trial unit when it is a scaling of them. */
function mappings(map: string, data: Float32Array): Dataset[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of data) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) lo = hi = 0;
  const spec = findMapSpec(map);
  const label = spec?.label ?? map.toUpperCase();
  const one = (unit: string, slope: number) => ({
    LUTExplanation: `${label} (${unit})`,
    LUTLabel: label.slice(0, 16),
    MeasurementUnitsCodeSequence: [ucumCode(unit)],
    DoubleFloatRealWorldValueFirstValueMapped: lo,
    DoubleFloatRealWorldValueLastValueMapped: hi,
    RealWorldValueIntercept: 0,
    RealWorldValueSlope: slope,
    QuantityDefinitionSequence: [{ ValueType: 'CODE', ConceptNameCodeSequence: [QUANTITY], ConceptCodeSequence: [mapConcept(map)] }],
  });
  const out = [one(spec?.nativeUnit ?? 'a.u.', 1)];
  const trial = spec?.exportAs?.trial;
  if (trial && trial.scale !== 1) out.push(one(trial.unit, trial.scale));
  return out;
}

export function parametricMapDataset(
  source: SourceStudy,
  series: SourceSeries,
  map: string,
  data: Float32Array,
  id: Omit<ObjectIdentity, 'sopClassUID' | 'modality'>,
  authoring: Authoring & { reader: string; dimensionOrganizationUID: string },
): Dataset {
  const [nx, ny, nz] = series.dims;
  if (data.length !== nx * ny * nz) throw new Error(`${map}: ${data.length} values for a ${nx}×${ny}×${nz} grid`);
  const planes = gridPlanes(series.affine);
  const spec = findMapSpec(map);
  const voi = spec?.range ? { centre: (spec.range[0] + spec.range[1]) / 2 / spec.scale, width: (spec.range[1] - spec.range[0]) / spec.scale } : null;
  const modality = series.modality === 'CT' ? 'CT' : 'MR';
  return {
    ...commonModules(source, { ...id, sopClassUID: PARAMETRIC_MAP_STORAGE, modality }, authoring),
    FrameOfReferenceUID: series.frameOfReferenceUID,
    PositionReferenceIndicator: '',
    ImageType: frameType(map),
    RecognizableVisualFeatures: 'NO',
    // Maps of a research fit, not a scanner product's.
    ContentQualification: 'RESEARCH',
    // The brain is an unpaired body part: no Laterality.
    BodyPartExamined: 'BRAIN',
    ContentLabel: (spec?.label ?? map).toUpperCase().replace(/[^A-Z0-9_ ]/g, '_').slice(0, 16),
    ContentDescription: `${spec?.label ?? map} map of the DTI fit`,
    ContentCreatorName: '',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: ny,
    Columns: nx,
    BitsAllocated: 32,
    NumberOfFrames: nz,
    PresentationLUTShape: 'IDENTITY',
    LossyImageCompression: '00',
    BurnedInAnnotation: 'NO',
    AcquisitionContextSequence: [],
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: authoring.dimensionOrganizationUID }],
    DimensionIndexSequence: [
      { DimensionOrganizationUID: authoring.dimensionOrganizationUID, DimensionIndexPointer: 0x00200032, FunctionalGroupPointer: 0x00209113, DimensionDescriptionLabel: 'ImagePositionPatient' },
    ],
    SharedFunctionalGroupsSequence: [
      {
        PixelMeasuresSequence: [{ PixelSpacing: planes.pixelSpacing, SliceThickness: planes.sliceSpacing, SpacingBetweenSlices: planes.sliceSpacing }],
        PlaneOrientationSequence: [{ ImageOrientationPatient: planes.orientation }],
        RealWorldValueMappingSequence: mappings(map, data),
        ParametricMapFrameTypeSequence: [{ FrameType: frameType(map) }],
        // Stored values are the real values: an identity rescale.
        PixelValueTransformationSequence: [{ RescaleIntercept: '0', RescaleSlope: '1', RescaleType: 'US' }],
        // A window narrower than 1 (diffusivities in mm²/s) needs the exact linear function.
        ...(voi ? { FrameVOILUTSequence: [{ WindowCenter: decimalString(voi.centre), WindowWidth: decimalString(voi.width), VOILUTFunction: 'LINEAR_EXACT' }] } : {}),
      },
    ],
    PerFrameFunctionalGroupsSequence: Array.from({ length: nz }, (_, k) => {
      const src = series.slices[k];
      return {
        DerivationImageSequence: [
          {
            SourceImageSequence: [
              {
                ReferencedSOPClassUID: src.sopClassUID,
                ReferencedSOPInstanceUID: src.sopInstanceUID,
                ...(src.frameNumber !== null ? { ReferencedFrameNumber: src.frameNumber } : {}),
                PurposeOfReferenceCodeSequence: [SOURCE_PURPOSE],
              },
            ],
            DerivationCodeSequence: [derivation(map)],
          },
        ],
        FrameContentSequence: [{ DimensionIndexValues: [k + 1] }],
        PlanePositionSequence: [{ ImagePositionPatient: planes.position(k) }],
      };
    }),
    ReferencedSeriesSequence: [
      {
        SeriesInstanceUID: series.seriesInstanceUID,
        ReferencedInstanceSequence: [...new Map(series.slices.map((s) => [s.sopInstanceUID, s])).values()].map((s) => ({
          ReferencedSOPClassUID: s.sopClassUID,
          ReferencedSOPInstanceUID: s.sopInstanceUID,
        })),
      },
    ],
    FloatPixelData: [data.slice().buffer],
    _vrMap: { FloatPixelData: 'OF' },
  };
}

/** The maps written as parametric maps: the trial's four DTI metrics. */
export const PARAMETRIC_MAPS = ['fa', 'md', 'ad', 'rd'] as const;
