import { gzipSync } from 'fflate';
import type { Mat4 } from '../math/types';
import { affineToQuaternion } from './affineToQuaternion';

/** Voxel types we write: float32 maps/volumes, uint8 masks, RGB24 colour FA. */
export type NiftiDatatype = 'float32' | 'uint8' | 'rgb24';

export interface NiftiImage {
  /** [nx, ny, nz] or [nx, ny, nz, nt]; x fastest in `data` (same order as Volume4D). */
  dims: number[];
  /** Voxel → RAS mm, row-major 4×4 (the NIfTI sform). Column norms give the spatial pixdim. */
  affineRas: Mat4;
  datatype: NiftiDatatype;
  /** float32 → Float32Array; uint8 → Uint8Array; rgb24 → Uint8Array of interleaved R,G,B per voxel. */
  data: Float32Array | Uint8Array;
  /** Repetition time in seconds for pixdim[4] of 4D images (0 when unknown). */
  repetitionTimeSec?: number;
  /** Free text, ≤ 79 ASCII characters kept. */
  descrip?: string;
}

const HEADER_BYTES = 348;
/** Header + the 4-byte extension flag (no extensions): data starts here in a single .nii file. */
const VOX_OFFSET = 352;
const DATATYPE = { uint8: { code: 2, bitpix: 8, bytes: 1 }, float32: { code: 16, bitpix: 32, bytes: 4 }, rgb24: { code: 128, bitpix: 24, bytes: 3 } };
const LITTLE_ENDIAN_PLATFORM = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** NIFTI_XFORM_SCANNER_ANAT: the affine comes from scanner (DICOM) coordinates, as dcm2niix sets it. */
const XFORM_SCANNER = 1;
/** xyzt_units: NIFTI_UNITS_MM | NIFTI_UNITS_SEC. */
const UNITS_MM_SEC = 2 | 8;

/** A single-file NIfTI-1 image (`.nii`), little endian; gzip-compressed (`.nii.gz`) when `gzip` is true. */
export function writeNifti(image: NiftiImage, gzip = true): Uint8Array {
  const [header, data] = niftiParts(image);
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  return gzip ? gzipSync(out, { level: 6 }) : out;
}

/**
 * The `.nii` file as two parts, header (352 bytes) then voxel bytes, whose concatenation is
 * `writeNifti(image, false)`: a writer that streams them (the CLI's gzip) copies no voxel data.
 * On little-endian platforms the voxel part is a view of `image.data` itself, not a copy.
 */
export function niftiParts(image: NiftiImage): [Uint8Array, Uint8Array] {
  const type = DATATYPE[image.datatype];
  const voxels = image.dims.reduce((a, b) => a * b, 1);
  if (image.dims.length < 1 || image.dims.length > 7 || image.dims.some((d) => !Number.isInteger(d) || d < 1 || d > 32767))
    throw new RangeError(`NIfTI-1 dims must be 1..7 integers in 1..32767, got [${image.dims}]`);
  const perVoxel = image.datatype === 'rgb24' ? 3 : 1;
  if (image.data.length !== voxels * perVoxel) throw new RangeError(`data has ${image.data.length} values, dims need ${voxels * perVoxel}`);
  const out = new Uint8Array(VOX_OFFSET);
  const view = new DataView(out.buffer);
  const q = affineToQuaternion(image.affineRas);

  view.setInt32(0, HEADER_BYTES, true);
  view.setInt16(40, image.dims.length, true);
  image.dims.forEach((d, i) => view.setInt16(42 + i * 2, d, true));
  for (let i = image.dims.length; i < 7; i++) view.setInt16(42 + i * 2, 1, true);
  view.setInt16(70, type.code, true);
  view.setInt16(72, type.bitpix, true);
  const pixdim = [q.qfac, ...q.pixdim, image.repetitionTimeSec ?? 0, 0, 0, 0];
  pixdim.forEach((p, i) => view.setFloat32(76 + i * 4, p, true));
  view.setFloat32(108, VOX_OFFSET, true);
  view.setFloat32(112, 1, true); // scl_slope: data are stored as final values
  view.setFloat32(116, 0, true);
  out[123] = UNITS_MM_SEC;
  writeAscii(out, 148, 80, image.descrip ?? '');
  view.setInt16(252, XFORM_SCANNER, true);
  view.setInt16(254, XFORM_SCANNER, true);
  [q.b, q.c, q.d, ...q.offset].forEach((v, i) => view.setFloat32(256 + i * 4, v, true));
  for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) view.setFloat32(280 + (r * 4 + c) * 4, image.affineRas[r * 4 + c], true);
  writeAscii(out, 344, 4, 'n+1');

  const { data } = image;
  // Little-endian machines hold float32 as NIfTI stores it: the values' own bytes.
  if (image.datatype !== 'float32' || LITTLE_ENDIAN_PLATFORM) return [out, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)];
  const bytes = new DataView(new ArrayBuffer(voxels * 4));
  for (let i = 0; i < voxels; i++) bytes.setFloat32(i * 4, data[i], true);
  return [out, new Uint8Array(bytes.buffer)];
}

/** NUL-padded ASCII, truncated to leave a terminating NUL. */
function writeAscii(out: Uint8Array, offset: number, size: number, text: string): void {
  for (let i = 0; i < Math.min(text.length, size - 1); i++) {
    const code = text.charCodeAt(i);
    out[offset + i] = code < 128 ? code : 63; // '?' for non-ASCII: the field is plain char
  }
}
