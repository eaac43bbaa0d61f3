import * as nifti from 'nifti-reader-js';
import { niftiAffineFromLps } from '../dicom/niftiAffine';
import { flipRows } from '../volume/flipRows';
import type { VoxelGrid } from './dtiNiftiImage';

/** Largest difference (mm) allowed between a mask's sform/qform and the series' before it is said to lie on another grid. */
const AFFINE_TOLERANCE_MM = 0.05;

/** Sample readers by NIfTI datatype code: (view, byte offset, little endian) → value. */
const SAMPLES: Record<number, [number, (v: DataView, o: number, le: boolean) => number]> = {
  2: [1, (v, o) => v.getUint8(o)],
  4: [2, (v, o, le) => v.getInt16(o, le)],
  8: [4, (v, o, le) => v.getInt32(o, le)],
  16: [4, (v, o, le) => v.getFloat32(o, le)],
  64: [8, (v, o, le) => v.getFloat64(o, le)],
  256: [1, (v, o) => v.getInt8(o)],
  512: [2, (v, o, le) => v.getUint16(o, le)],
  768: [4, (v, o, le) => v.getUint32(o, le)],
};

/**
 * A region mask from a NIfTI file (.nii or .nii.gz bytes) drawn on the grid of a series (`grid`:
 * its dims and LPS affine, as the CLI writes its maps, dcm2niix geometry): 1 where the scaled value
 * is non-zero, in the series' voxel order (i + nx·(j + ny·k), rows as transmitted). Throws an Error
 * naming `name` and the reason when the file is not NIfTI, has another size or orientation/position
 * (sform, else qform, compared to the series' within 0.05 mm), or a datatype this cannot read.
 */
export function readNiftiMask(bytes: ArrayBuffer, name: string, grid: VoxelGrid): Uint8Array {
  const data = nifti.isCompressed(bytes) ? (nifti.decompress(bytes) as ArrayBuffer) : bytes;
  if (!nifti.isNIFTI(data)) throw new Error(`${name}: not a NIfTI file`);
  const header = nifti.readHeader(data);
  if (!header) throw new Error(`${name}: unreadable NIfTI header`);
  const ndim = header.dims[0];
  const dims = header.dims.slice(1, 1 + ndim);
  const [nx, ny, nz] = grid.dims;
  const extra = dims.slice(3).reduce((a, b) => a * b, 1);
  if (dims[0] !== nx || (dims[1] ?? 1) !== ny || (dims[2] ?? 1) !== nz || extra !== 1) {
    throw new Error(`${name}: the mask is ${dims.join('×')} voxels, the series ${nx}×${ny}×${nz}: draw it on the series' grid (e.g. on the CLI's CBF.nii.gz)`);
  }
  const matrix = header.sform_code > 0 ? header.affine : header.qform_code > 0 ? header.getQformMat() : null;
  if (!matrix) throw new Error(`${name}: the mask has neither sform nor qform, so its position cannot be checked against the series`);
  const expected = niftiAffineFromLps(grid.affine, grid.dims);
  let worst = 0;
  for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) worst = Math.max(worst, Math.abs(matrix[r][c] - expected[r * 4 + c]));
  if (worst > AFFINE_TOLERANCE_MM) {
    throw new Error(`${name}: the mask's voxel-to-patient transform differs from the series' by up to ${worst.toFixed(2)} mm: it lies on another grid; draw it on the series' grid`);
  }
  const sample = SAMPLES[header.datatypeCode];
  if (!sample) throw new Error(`${name}: NIfTI datatype ${header.datatypeCode} is not read for masks (integers or floats only)`);
  const [size, read] = sample;
  const image = nifti.readImage(header, data);
  const view = new DataView(image);
  const n = nx * ny * nz;
  if (view.byteLength < n * size) throw new Error(`${name}: the image holds ${view.byteLength} bytes, ${n * size} expected`);
  const slope = header.scl_slope && Number.isFinite(header.scl_slope) ? header.scl_slope : 1;
  const inter = Number.isFinite(header.scl_inter) ? header.scl_inter : 0;
  const flipped = new Uint8Array(n);
  for (let v = 0; v < n; v++) flipped[v] = read(view, v * size, header.littleEndian) * slope + inter !== 0 ? 1 : 0;
  // NIfTI rows run up the image (dcm2niix): flipping back gives the series' row order.
  return flipRows(flipped, grid.dims);
}
