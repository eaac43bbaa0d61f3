/**
 * Vendor private tags that matter for diffusion review, by private creator. A private element
 * (gggg,xxee) of an odd group belongs to the creator named in (gggg,00xx) and its meaning is
 * fixed by (creator, group, ee), not by the block xx the file happened to reserve; so each entry
 * is keyed by creator, group and element offset `ee`. `element` is where the vendor usually puts
 * it (block 0x10), which is also how the tag is quoted in vendor documents and dcm2niix.
 * VR is the vendor's: implicit-VR files carry no VR for private elements, so it is needed to
 * read the value at all.
 */
export interface PrivateTagInfo {
  vendor: 'Siemens' | 'GE' | 'Philips' | 'Canon/Toshiba' | 'UIH';
  /** Private creator string in (gggg,00xx), exact (trailing spaces trimmed). */
  creator: string;
  group: number;
  /** Element in the usual block 0x10, e.g. 0x1039 for (0043,1039). */
  element: number;
  keyword: string;
  vr: string;
  /** What it holds, with units. */
  description: string;
}

/** United Imaging's private creator of group 0065 (uMR series). */
export const UIH_IMAGE_HEADER = 'Image Private Header';

/** Creator strings that CANON renamed from TOSHIBA; the same elements live under both. */
const CANON_MR3 = ['TOSHIBA_MEC_MR3', 'CANON_MEC_MR3'];

type Entry = [number, string, string, string];

function block(vendor: PrivateTagInfo['vendor'], creators: string[], group: number, entries: Entry[]): PrivateTagInfo[] {
  return creators.flatMap((creator) =>
    entries.map(([element, keyword, vr, description]) => ({ vendor, creator, group, element, keyword, vr, description })),
  );
}

export const KNOWN_PRIVATE_TAGS: readonly PrivateTagInfo[] = [
  ...block('Siemens', ['SIEMENS MR HEADER'], 0x0019, [
    [0x1008, 'CSAImageHeaderType', 'CS', 'CSA image header type'],
    [0x1009, 'CSAImageHeaderVersion', 'LO', 'CSA image header version'],
    [0x100a, 'NumberOfImagesInMosaic', 'US', 'slices tiled into one MOSAIC image'],
    [0x100b, 'SliceMeasurementDuration', 'DS', 'slice measurement duration, ms'],
    [0x100c, 'B_value', 'IS', 'diffusion b-value, s/mm²'],
    [0x100d, 'DiffusionDirectionality', 'CS', 'NONE / DIRECTIONAL / ISOTROPIC'],
    [0x100e, 'DiffusionGradientDirection', 'FD', 'unit gradient direction, patient LPS'],
    [0x100f, 'GradientMode', 'SH', 'gradient mode'],
    [0x1011, 'FlowCompensation', 'SH', 'flow compensation'],
    [0x1012, 'TablePositionOrigin', 'SL', 'table position origin, mm'],
    [0x1013, 'ImaAbsTablePosition', 'SL', 'absolute table position, mm'],
    [0x1014, 'ImaRelTablePosition', 'IS', 'relative table position, mm'],
    [0x1015, 'SlicePosition_PCS', 'FD', 'slice position, patient coordinates mm'],
    [0x1016, 'TimeAfterStart', 'DS', 'time after start, s'],
    [0x1017, 'SliceResolution', 'DS', 'slice resolution'],
    [0x1018, 'RealDwellTime', 'IS', 'real dwell time, ns'],
    [0x1027, 'B_matrix', 'FD', 'b-matrix (xx xy xz yy yz zz), s/mm²'],
    [0x1028, 'BandwidthPerPixelPhaseEncode', 'FD', 'bandwidth per pixel in the phase direction, Hz'],
    [0x1029, 'MosaicRefAcqTimes', 'FD', 'slice acquisition times of a MOSAIC, ms'],
  ]),
  ...block('Siemens', ['SIEMENS CSA HEADER'], 0x0029, [
    [0x1008, 'CSAImageHeaderType', 'CS', 'CSA image header type'],
    [0x1009, 'CSAImageHeaderVersion', 'LO', 'CSA image header version'],
    [0x1010, 'CSAImageHeaderInfo', 'OB', 'CSA image header (B_value, DiffusionGradientDirection, B_matrix, NumberOfImagesInMosaic...)'],
    [0x1018, 'CSASeriesHeaderType', 'CS', 'CSA series header type'],
    [0x1019, 'CSASeriesHeaderVersion', 'LO', 'CSA series header version'],
    [0x1020, 'CSASeriesHeaderInfo', 'OB', 'CSA series header (Phoenix protocol: sSliceArray.lSize...)'],
  ]),
  ...block('Siemens', ['SIEMENS MR HEADER'], 0x0051, [
    [0x1008, 'CSAImageHeaderType', 'CS', 'CSA image header type'],
    [0x1009, 'CSAImageHeaderVersion', 'LO', 'CSA image header version'],
    [0x100a, 'AcquisitionDurationText', 'LO', "acquisition time as text, e.g. 'TA 02:14'"],
    [0x100b, 'AcquisitionMatrixText', 'LO', 'acquisition matrix as text'],
    [0x100c, 'FieldOfViewText', 'LO', 'field of view as text'],
    [0x100d, 'SlicePositionText', 'SH', 'slice position as text'],
    [0x100e, 'ImageOrientationText', 'LO', "slice orientation as text, e.g. 'Tra'"],
    [0x100f, 'CoilString', 'LO', 'receive coil elements'],
    [0x1011, 'PATModeText', 'LO', 'parallel imaging mode as text'],
    [0x1012, 'TablePositionText', 'SH', 'table position as text'],
    [0x1013, 'PositivePCSDirections', 'SH', 'patient coordinate directions'],
    [0x1016, 'ImageTypeText', 'LO', 'image type as text'],
    [0x1017, 'SliceThicknessText', 'SH', 'slice thickness as text'],
    [0x1019, 'ScanOptionsText', 'LO', 'scan options as text'],
  ]),
  ...block('GE', ['GEMS_ACQU_01'], 0x0019, [
    [0x109c, 'PulseSequenceName', 'LO', 'pulse sequence name'],
    [0x109e, 'InternalPulseSequenceName', 'LO', 'internal pulse sequence name'],
    [0x10bb, 'UserData20', 'DS', 'diffusion gradient x (user data 20), image-relative'],
    [0x10bc, 'UserData21', 'DS', 'diffusion gradient y (user data 21), image-relative'],
    [0x10bd, 'UserData22', 'DS', 'diffusion gradient z (user data 22), image-relative'],
  ]),
  ...block('GE', ['GEMS_PARM_01'], 0x0043, [
    [0x102c, 'EffectiveEchoSpacing', 'SS', 'effective echo spacing, µs'],
    [0x102f, 'PrivateImageType', 'SS', 'raw data type: 0 magnitude, 1 phase, 2 real, 3 imaginary'],
    [0x1039, 'Slop_int_6..9', 'IS', 'slop integers 6–9: the first is the diffusion b-value, s/mm²'],
  ]),
  ...block('GE', ['GEMS_SERS_01'], 0x0025, [
    [0x101b, 'ProtocolDataBlockCompressed', 'OB', 'gzipped protocol data block (sequence parameters)'],
  ]),
  ...block('Philips', ['Philips Imaging DD 001'], 0x2001, [
    [0x1003, 'DiffusionBFactor', 'FL', 'diffusion b-value, s/mm²'],
    [0x1004, 'DiffusionDirection', 'CS', "diffusion direction code ('I' = isotropic trace image)"],
    [0x100a, 'SliceNumberMR', 'IS', 'slice number'],
    [0x100b, 'SliceOrientation', 'CS', 'TRANSVERSAL / CORONAL / SAGITTAL'],
    [0x1018, 'NumberOfSlicesMR', 'SL', 'number of slices'],
    [0x1081, 'NumberOfDynamicScans', 'IS', 'number of dynamics'],
  ]),
  ...block('Philips', ['Philips MR Imaging DD 001'], 0x2005, [
    [0x100d, 'ScaleIntercept', 'FL', 'Philips floating-point intercept (FP = (SV − intercept) / slope)'],
    [0x100e, 'ScaleSlope', 'FL', 'Philips floating-point scale slope'],
    [0x10b0, 'DiffusionDirectionRL', 'FL', 'gradient component right→left'],
    [0x10b1, 'DiffusionDirectionAP', 'FL', 'gradient component anterior→posterior'],
    [0x10b2, 'DiffusionDirectionFH', 'FL', 'gradient component foot→head'],
  ]),
  ...block('Philips', ['Philips MR Imaging DD 005'], 0x2005, [
    [0x1596, 'VolumeNumber', 'IS', 'volume (dynamic/gradient) index, 1-based: the order dcm2niix sorts volumes by'],
  ]),
  ...block('Philips', ['Philips MR Imaging DD 004'], 0x2005, [
    [0x1413, 'MRImageGradientOrientationNumber', 'IS', 'gradient orientation number of the image'],
    [0x1429, 'MRImageLabelType', 'CS', 'ASL label type (CONTROL / LABEL)'],
  ]),
  ...block('UIH', [UIH_IMAGE_HEADER], 0x0065, [
    [0x1005, 'PhaseEncodingDirectionDisplayed', 'SH', "phase-encoding direction as shown, e.g. 'A->P'"],
    [0x1009, 'DiffusionBValue', 'FD', 'actual diffusion b-value, s/mm² (b0 stored as a small b such as 1.25)'],
    [0x100a, 'NominalBValue', 'FD', 'nominal (prescribed) b-value, s/mm²'],
    [0x100d, 'ParallelInformation', 'SH', "parallel imaging, e.g. 'F:2S' (factor 2)"],
    [0x1037, 'DiffusionGradientDirection', 'FD', 'unit gradient direction in the image frame (row, column, row × column)'],
    [0x1050, 'NumberOfImagesInGrid', 'DS', 'slices tiled into one VFRAME grid image'],
    [0x1051, 'VFrameSequence', 'SQ', 'per-tile ImagePositionPatient and acquisition time of a grid image'],
  ]),
  ...block('Canon/Toshiba', CANON_MR3, 0x0029, [
    [0x1001, 'PrivateHeaderSequence', 'SQ', 'private MR header sequence'],
    [0x1090, 'MRHeaderBlob', 'OB', 'private MR header (may hold identifiers)'],
  ]),
  ...block('Canon/Toshiba', CANON_MR3, 0x700d, [[0x1008, 'PrivateMRHeader', 'OB', 'private MR header (may hold identifiers)']]),
];

/** The block of a private data element: xx of (gggg,xxee); 0 for non-private tags. */
export function privateBlock(group: number, element: number): number {
  return group % 2 === 1 && element >= 0x1000 ? element >> 8 : 0;
}

/**
 * The known vendor tag for an element of an odd group. With its creator, matched on
 * (creator, group, element offset) in any block. Without one (the file lost its reservation,
 * a frequent converter defect), matched at the vendor's usual element and flagged `assumed`,
 * since another creator could own that block.
 */
export function findPrivateTag(group: number, element: number, creator: string | null): { info: PrivateTagInfo; assumed: boolean } | null {
  if (group % 2 === 0) return null;
  if (creator !== null) {
    const info = KNOWN_PRIVATE_TAGS.find((t) => t.group === group && t.creator === creator && (t.element & 0xff) === (element & 0xff));
    return info ? { info, assumed: false } : null;
  }
  const info = KNOWN_PRIVATE_TAGS.find((t) => t.group === group && t.element === element);
  return info ? { info, assumed: true } : null;
}
