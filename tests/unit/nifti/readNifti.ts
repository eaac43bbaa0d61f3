import * as nifti from 'nifti-reader-js';

/** Header + raw image bytes of a .nii or .nii.gz through nifti-reader-js (the reference reader). */
export function readNifti(bytes: Uint8Array): { header: nifti.NIFTI1; image: ArrayBuffer } {
  let buffer: ArrayBuffer = bytes.slice().buffer;
  if (nifti.isCompressed(buffer)) buffer = nifti.decompress(buffer) as ArrayBuffer;
  if (!nifti.isNIFTI1(buffer)) throw new Error('not NIfTI-1');
  const header = nifti.readHeader(buffer) as nifti.NIFTI1;
  return { header, image: nifti.readImage(header, buffer) };
}
