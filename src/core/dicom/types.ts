import type { Mat4, Vec3 } from '../math/types';
import type { FrameLayout } from './pixels/FrameDecoder';
import type { FrameTiming } from './timing/types';

/** What a series is, for badges, routing and which series may be fitted. */
export type SeriesKind =
  | 'dwi' // diffusion-weighted series with ≥ 6 directions (DTI) or fewer (DWI)
  | 'adc'
  | 'fa'
  | 'trace'
  | 'colfa'
  | 't1'
  | 't2'
  | 'flair'
  | 'ct'
  | 'ctp'
  | 'other';

/** Diffusion encoding of one frame. */
export interface DiffusionInfo {
  /** b-value in s/mm². Philips' near-zero "b0" values (0.001–0.004) are kept as read. */
  bValue: number;
  /** Unit gradient direction in patient LPS coordinates; null for b0 or when unknown. */
  gradientLPS: Vec3 | null;
  /** Where it came from, e.g. 'standard', 'enhanced-per-frame', 'siemens-private', 'siemens-csa', 'ge-private', 'philips-private', 'canon-absent-b0'. */
  source: string;
  /** Derived isotropic / trace image: listed, never fitted. */
  isotropic: boolean;
}

/** Tiles across one row of a mosaic image and down its columns (tile size = columns/across × rows/down). */
export interface MosaicGrid {
  across: number;
  down: number;
}

/** One 2D image: a single-frame file, or one frame of an enhanced multi-frame file. */
export interface FrameInfo {
  /** FileSource.path of the file holding it. */
  file: string;
  /** 0-based frame index inside that file (0 for single-frame files). */
  frameIndex: number;
  sopInstanceUID: string;
  instanceNumber: number | null;
  rows: number;
  columns: number;
  /** ImagePositionPatient: centre of the first transmitted voxel, LPS mm. For a mosaic, already corrected to the first tile. */
  position: Vec3 | null;
  /** ImageOrientationPatient: row direction then column direction cosines (LPS). */
  orientation: [number, number, number, number, number, number] | null;
  /** PixelSpacing as [between rows, between columns] in mm (DICOM order). */
  pixelSpacing: [number, number] | null;
  sliceThickness: number | null;
  /** SpacingBetweenSlices (0018,0088) mm when stated; the only slice spacing a single mosaic image has. */
  spacingBetweenSlices?: number | null;
  /** Siemens MOSAIC or United Imaging VFRAME grid: the number of slices tiled into this image; absent otherwise. */
  mosaicSlices?: number;
  /** With `mosaicSlices`: how the tiles are laid out in the image, row-major from the top-left tile. */
  mosaicGrid?: MosaicGrid;
  /**
   * Mosaic: LPS unit vector from tile t to tile t + 1 (Siemens: CSA SliceNormalVector, or from the
   * protocol's slice positions; UIH: from the tiles' own positions); null/absent when unknown, then
   * taken as cross(row, column).
   */
  mosaicTileDirection?: Vec3 | null;
  /** Acquisition/temporal index when the file states one (Philips (2005,1596), temporal position, etc.). */
  temporalIndex?: number | null;
  /** Enhanced multi-frame: DimensionIndexValues (0020,9157) of FrameContentSequence; dcm2niix orders volumes by them. */
  dimensionIndex?: number[] | null;
  diffusion: DiffusionInfo | null;
  /** Timing tags (CT perfusion frame times); absent in indexes made before they were read. */
  timing?: FrameTiming;
  /** True when this frame is a derived image type (ADC, FA, TRACE...) per ImageType. */
  derived: boolean;
  /**
   * Uncompressed frames only: where its stored samples lie in the file, known from the header, so
   * assembly reads just those bytes and parses nothing. Absent for compressed, deflated or
   * unreadable pixel data (assembly then parses the whole file and reports any problem).
   */
  nativePixels?: NativeFrameLocation;
  /** Fallbacks used reading this image (e.g. a Rescale Slope of 0 read as 1), listed with its series' warnings. */
  warnings?: string[];
}

/** One uncompressed frame's samples inside its file, and how to turn them into values. */
export interface NativeFrameLocation {
  /** Byte offset of the frame's first sample in the file (frame length follows from `layout`). */
  offset: number;
  /** The file's pixel module (validated against the Pixel Data length at indexing). */
  layout: FrameLayout;
  /** Explicit VR big endian: 16/32-bit samples are byte-swapped. */
  bigEndian: boolean;
  /** Modality rescale of this frame (see pixels/frameRescale): value = stored × slope + intercept. */
  slope: number;
  intercept: number;
}

/** A series as indexed from headers only. */
export interface SeriesEntry {
  seriesInstanceUID: string;
  seriesNumber: number | null;
  description: string;
  modality: string;
  manufacturer: string;
  sopClassUID: string;
  transferSyntaxUID: string;
  frameOfReferenceUID: string | null;
  kind: SeriesKind;
  frames: FrameInfo[];
  /** Distinct b-values (s/mm², rounded to 1 decimal) in acquisition order of first appearance. */
  bValues: number[];
  /** Number of distinct non-b0 gradient directions. */
  directionCount: number;
  /** Set when a diffusion series lacks gradient information; the series stays listed and viewable. */
  diffusionProblem: string | null;
  /** Human-readable warnings (uneven spacing, gaps, ...). */
  warnings: string[];
}

export interface StudyEntry {
  studyInstanceUID: string;
  /** YYYYMMDD as in the file, or '' */
  studyDate: string;
  studyTime: string;
  description: string;
  accessionNumber: string;
  series: SeriesEntry[];
}

export interface PatientEntry {
  patientId: string;
  patientName: string;
  birthDate: string;
  sex: string;
  studies: StudyEntry[];
}

/** A file that was not indexed, and why (shown to the user, never silent). */
export interface SkippedFile {
  path: string;
  reason: string;
}

export interface DicomIndex {
  patients: PatientEntry[];
  skipped: SkippedFile[];
  /** Count of files read (indexed or skipped). */
  fileCount: number;
}

/**
 * An assembled series: one contiguous buffer, volume-major.
 * Voxel (i, j, k) of volume t is at data[((t * nz + k) * ny + j) * nx + i];
 * i runs along a row (columns), j down the columns (rows), k along the slice normal in
 * the order of increasing position along it.
 */
export interface Volume4D {
  seriesInstanceUID: string;
  /** [nx (columns), ny (rows), nz (slices), nt (volumes)] */
  dims: [number, number, number, number];
  /** Voxel size [column spacing, row spacing, slice spacing] in mm. */
  spacing: Vec3;
  /** Voxel index (i, j, k) → patient LPS mm, row-major 4×4. */
  affine: Mat4;
  /** Rescaled values (slope/intercept applied), float32. */
  data: Float32Array;
  /** Per volume t: b-value s/mm², 0-length when not diffusion. */
  bValues: number[];
  /** Per volume t: unit gradient in LPS, [0,0,0] for b0 or unknown. */
  gradientsLPS: Vec3[];
  /** Per volume t: excluded from the tensor fit (derived isotropic/trace volume). */
  excluded: boolean[];
  warnings: string[];
}

/** One volume of a planned series: its diffusion encoding and its frames in slice (k) order. */
export interface PlannedVolume {
  /** b-value in s/mm² (0 when not diffusion or unknown). */
  bValue: number;
  /** Unit gradient in patient LPS; null for b0, non-diffusion or unknown. */
  gradientLPS: Vec3 | null;
  /** Derived isotropic / trace volume: kept for display, excluded from the tensor fit. */
  isotropic: boolean;
  /**
   * Frames of this volume, length nz in k order (increasing position along the slice normal).
   * For a mosaic (Siemens MOSAIC, UIH VFRAME) this holds the single mosaic frame; its `mosaicSlices` gives the tile count.
   */
  slices: FrameInfo[];
}

/**
 * How to assemble a series into a Volume4D, derived from headers only (see `geometry/planSeries.ts`).
 * Volumes are in dcm2niix's output order so b-values/vectors line up with its .bval/.bvec.
 */
export interface SeriesPlan {
  /** [nx (columns), ny (rows), nz (slices), nt (volumes)]; for a mosaic nx/ny are the tile size. */
  dims: [number, number, number, number];
  /** Voxel size [column spacing, row spacing, slice spacing] in mm. */
  spacing: Vec3;
  /** Voxel index (i, j, k) → patient LPS mm, row-major 4×4 (same convention as Volume4D.affine). */
  affine: Mat4;
  volumes: PlannedVolume[];
  warnings: string[];
  /**
   * Mosaic whose tiles run against the slice normal (slices numbered head→foot): tile t
   * goes to k = nz − 1 − t so k still increases along the normal. Absent/false otherwise.
   */
  mosaicTilesReversed?: boolean;
  /** SeriesInstanceUID of the planned series (assembly reads it from the files when absent). */
  seriesInstanceUID?: string;
}
