import type { Mat4 } from '../math/types';
import { commonModules, personName, type Authoring, type ObjectIdentity } from './commonModules';
import { gridPlanes } from './gridGeometry';
import { packBits } from './packBits';
import type { Dataset } from './part10';
import { segmentProperty, type ResultRole } from './segmentCodes';
import type { SourceImage, SourceSeries, SourceStudy } from './sourceSeries';

/**
 * A binary DICOM Segmentation (PS3.3 A.51) of masks on one source series' grid: one segment
 * per mask, one frame per segment and slice holding any of it, each frame positioned in the
 * series' frame of reference and derived from the source image of its slice.
 */

export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';

export interface SegmentInput {
  /** Segment Label: the ROI's name. */
  label: string;
  role: ResultRole;
  /** Tracking ID and UID, the same as the SR measurement group of the ROI. */
  trackingId: string;
  trackingUid: string;
  /** MANUAL for drawn ROIs and brush lesions, SEMIAUTOMATIC for a threshold lesion. */
  algorithm: 'MANUAL' | 'SEMIAUTOMATIC';
  /** 0/1 per voxel of the grid, voxel (i, j, k) at (k * ny + j) * nx + i. */
  mask: Uint8Array;
}

/** The grid the masks are on (voxel → LPS mm centre, row-major) and the source image of each slice (null: none). */
export interface SegmentationGrid {
  dims: [number, number, number];
  affine: Mat4;
  sources: (SourceImage | null)[];
}

const SOURCE_PURPOSE = { CodeValue: '121322', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Source image for image processing operation' };
const SEGMENTATION_DERIVATION = { CodeValue: '113076', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Segmentation' };
/** Display colours (CIELab, DICOM scaled 0–65535) per role: core red, mirror green, lesion orange, others blue. */
const COLOUR: Record<ResultRole, number[]> = {
  'infarct-core': [34885, 53485, 50171],
  'contralateral-mirror': [56327, 13040, 50718],
  lesion: [44000, 44000, 56000],
  perilesional: [43803, 26565, 37722],
  other: [21169, 53249, 5138],
};

function referenceOf(s: SourceImage) {
  return { ReferencedSOPClassUID: s.sopClassUID, ReferencedSOPInstanceUID: s.sopInstanceUID, ...(s.frameNumber !== null ? { ReferencedFrameNumber: s.frameNumber } : {}) };
}

export function segmentationDataset(
  source: SourceStudy,
  series: Pick<SourceSeries, 'seriesInstanceUID' | 'frameOfReferenceUID'>,
  grid: SegmentationGrid,
  segments: readonly SegmentInput[],
  id: Omit<ObjectIdentity, 'sopClassUID' | 'modality'>,
  authoring: Authoring & { reader: string; dimensionOrganizationUID: string },
): Dataset {
  const [nx, ny, nz] = grid.dims;
  const slicePixels = nx * ny;
  const planes = gridPlanes(grid.affine);
  const frames: Uint8Array[] = [];
  const perFrame: Dataset[] = [];
  // Dimension index of a position: its rank among the slices that hold any frame.
  const used = [...new Set(segments.flatMap((s) => slicesWith(s.mask, slicePixels, nz)))].sort((a, b) => a - b);
  segments.forEach((segment, s) => {
    if (segment.mask.length !== slicePixels * nz) throw new Error(`segment "${segment.label}": mask of ${segment.mask.length} voxels on a ${nx}×${ny}×${nz} grid`);
    for (const k of slicesWith(segment.mask, slicePixels, nz)) {
      frames.push(segment.mask.subarray(k * slicePixels, (k + 1) * slicePixels));
      const src = grid.sources[k];
      perFrame.push({
        ...(src
          ? { DerivationImageSequence: [{ SourceImageSequence: [{ ...referenceOf(src), PurposeOfReferenceCodeSequence: [SOURCE_PURPOSE] }], DerivationCodeSequence: [SEGMENTATION_DERIVATION] }] }
          : {}),
        FrameContentSequence: [{ DimensionIndexValues: [s + 1, used.indexOf(k) + 1] }],
        PlanePositionSequence: [{ ImagePositionPatient: planes.position(k) }],
        SegmentIdentificationSequence: [{ ReferencedSegmentNumber: s + 1 }],
      });
    }
  });
  if (frames.length === 0) throw new Error('a segmentation needs at least one non-empty segment');
  const sources = dedupe(grid.sources.filter((s): s is SourceImage => s !== null));
  return {
    ...commonModules(source, { ...id, sopClassUID: SEGMENTATION_STORAGE, modality: 'SEG' }, authoring),
    FrameOfReferenceUID: series.frameOfReferenceUID,
    PositionReferenceIndicator: '',
    ImageType: ['DERIVED', 'PRIMARY'],
    ContentLabel: 'ROIS',
    ContentDescription: 'Regions of interest and lesion segmentations',
    ContentCreatorName: personName(authoring.reader),
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: ny,
    Columns: nx,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    SegmentationType: 'BINARY',
    NumberOfFrames: frames.length,
    SegmentSequence: segments.map((segment, s) => {
      const { category, type } = segmentProperty(segment.role);
      return {
        SegmentNumber: s + 1,
        SegmentLabel: segment.label,
        SegmentAlgorithmType: segment.algorithm,
        ...(segment.algorithm === 'MANUAL' ? {} : { SegmentAlgorithmName: 'MD threshold' }),
        SegmentedPropertyCategoryCodeSequence: [category],
        SegmentedPropertyTypeCodeSequence: [type],
        TrackingID: segment.trackingId,
        TrackingUID: segment.trackingUid,
        RecommendedDisplayCIELabValue: COLOUR[segment.role],
      };
    }),
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: authoring.dimensionOrganizationUID }],
    DimensionIndexSequence: [
      { DimensionOrganizationUID: authoring.dimensionOrganizationUID, DimensionIndexPointer: 0x0062000b, FunctionalGroupPointer: 0x0062000a, DimensionDescriptionLabel: 'ReferencedSegmentNumber' },
      { DimensionOrganizationUID: authoring.dimensionOrganizationUID, DimensionIndexPointer: 0x00200032, FunctionalGroupPointer: 0x00209113, DimensionDescriptionLabel: 'ImagePositionPatient' },
    ],
    SharedFunctionalGroupsSequence: [
      {
        PixelMeasuresSequence: [{ PixelSpacing: planes.pixelSpacing, SliceThickness: planes.sliceSpacing, SpacingBetweenSlices: planes.sliceSpacing }],
        PlaneOrientationSequence: [{ ImageOrientationPatient: planes.orientation }],
      },
    ],
    PerFrameFunctionalGroupsSequence: perFrame,
    ...(sources.length > 0
      ? { ReferencedSeriesSequence: [{ SeriesInstanceUID: series.seriesInstanceUID, ReferencedInstanceSequence: sources.map((s) => ({ ReferencedSOPClassUID: s.sopClassUID, ReferencedSOPInstanceUID: s.sopInstanceUID })) }] }
      : {}),
    PixelData: [packBits(frames).buffer],
    // One bit per pixel is byte data (PS3.5 A.2): OB, not the dictionary's OB-or-OW default of OW.
    _vrMap: { PixelData: 'OB' },
  };
}

/** Slices k (ascending) where a mask has any voxel. */
function slicesWith(mask: Uint8Array, slicePixels: number, nz: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < nz; k++) {
    const slice = mask.subarray(k * slicePixels, (k + 1) * slicePixels);
    if (slice.some((v) => v !== 0)) out.push(k);
  }
  return out;
}

/** One entry per instance (a mosaic or multi-frame image is listed once). */
function dedupe(images: SourceImage[]): SourceImage[] {
  const seen = new Set<string>();
  return images.filter((s) => !seen.has(s.sopInstanceUID) && seen.add(s.sopInstanceUID));
}
