import { readFileSync } from 'node:fs';
import { gunzipSync } from 'fflate';
import * as nifti from 'nifti-reader-js';

/** A NIfTI image as float32 (scl_slope/inter applied), x fastest: the Volume4D layout. */
export interface RefImage {
  dims: number[];
  data: Float32Array;
}

/** Reads a .nii or .nii.gz from the shared reference data (little-endian int/float types only). */
export function readNifti(path: string): RefImage {
  let bytes: Uint8Array = readFileSync(path);
  if (path.endsWith('.gz')) bytes = gunzipSync(bytes);
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const h = nifti.readHeader(buf);
  const raw = nifti.readImage(h, buf);
  const n = h.dims.slice(1, 1 + h.dims[0]).reduce((a, b) => a * b, 1);
  const ctor: Record<number, new (b: ArrayBuffer, o: number, n: number) => ArrayLike<number>> = {
    2: Uint8Array, 4: Int16Array, 8: Int32Array, 16: Float32Array, 64: Float64Array, 256: Int8Array, 512: Uint16Array, 768: Uint32Array,
  };
  const C = ctor[h.datatypeCode];
  if (!C || !h.littleEndian) throw new Error(`${path}: unsupported NIfTI datatype ${h.datatypeCode}`);
  const src = new C(raw, 0, n);
  const slope = h.scl_slope && Number.isFinite(h.scl_slope) ? h.scl_slope : 1;
  const inter = Number.isFinite(h.scl_inter) ? h.scl_inter : 0;
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = src[i] * slope + inter;
  return { dims: h.dims.slice(1, 1 + h.dims[0]), data };
}

/** FSL .bval / .bvec text: numbers per line. */
export function readNumbers(path: string): number[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
}
