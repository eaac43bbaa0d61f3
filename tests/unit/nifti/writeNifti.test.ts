import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { affineToQuaternion } from '../../../src/core/nifti/affineToQuaternion';
import { bvalText, bvecText } from '../../../src/core/nifti/bvalBvecText';
import { formatG } from '../../../src/core/nifti/formatG';
import { niftiParts, writeNifti } from '../../../src/core/nifti/writeNifti';
import { hasSharedDicom, sharedSeriesDir } from '../../helpers/sharedData';
import { readNifti } from './readNifti';

/** An oblique, left-handed (as dcm2niix outputs usually are: det < 0) affine with anisotropic voxels. */
const angle = (20 * Math.PI) / 180;
const affine = [
  -1.5 * Math.cos(angle), 0, 3 * Math.sin(angle), 90,
  0, 2, 0, -120,
  1.5 * Math.sin(angle), 0, 3 * Math.cos(angle), -40,
  0, 0, 0, 1,
];

describe('niftiParts', () => {
  it('header then the values\' own bytes (a view, no copy), together the uncompressed file', () => {
    const whole = new Float32Array(40).map((_, i) => i / 3);
    const data = whole.subarray(8, 32); // a map that is part of a larger buffer
    const image = { dims: [4, 3, 2], affineRas: affine, datatype: 'float32' as const, data, descrip: 'parts' };
    const [header, voxels] = niftiParts(image);
    expect(header.length).toBe(352);
    expect(voxels.buffer).toBe(whole.buffer);
    expect([voxels.byteOffset, voxels.byteLength]).toEqual([32, 96]);
    expect(Array.from(new Uint8Array([...header, ...voxels]))).toEqual(Array.from(writeNifti(image, false)));
    const rgb = Uint8Array.from({ length: 72 }, (_, i) => i);
    const [, rgbBytes] = niftiParts({ ...image, datatype: 'rgb24', data: rgb });
    expect(rgbBytes).toEqual(rgb);
  });
});

describe('writeNifti round trip through nifti-reader-js', () => {
  it('float32 4D: header fields, sform, qform and data', () => {
    const dims = [4, 3, 2, 5];
    const data = Float32Array.from({ length: 120 }, (_, i) => i * 0.5 - 7.25);
    const { header, image } = readNifti(writeNifti({ dims, affineRas: affine, datatype: 'float32', data, repetitionTimeSec: 2.5, descrip: 'DTI Trial Viewer test' }));
    expect(header.dims.slice(0, 5)).toEqual([4, 4, 3, 2, 5]);
    expect(header.datatypeCode).toBe(16);
    expect(header.numBitsPerVoxel).toBe(32);
    expect(header.vox_offset).toBe(352);
    expect(header.xyzt_units).toBe(10);
    expect(header.description).toBe('DTI Trial Viewer test');
    expect(header.qform_code).toBe(1);
    expect(header.sform_code).toBe(1);
    expect(header.pixDims[0]).toBe(-1);
    expect(header.pixDims.slice(1, 5).map((v) => +v.toFixed(5))).toEqual([1.5, 2, 3, 2.5]);
    for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) expect(header.affine[r][c]).toBeCloseTo(affine[r * 4 + c], 5);
    const q = header.convertNiftiQFormToNiftiSForm(header.quatern_b, header.quatern_c, header.quatern_d, header.qoffset_x, header.qoffset_y, header.qoffset_z, header.pixDims[1], header.pixDims[2], header.pixDims[3], header.pixDims[0]);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) expect(q[r][c]).toBeCloseTo(affine[r * 4 + c], 5);
    expect(Array.from(new Float32Array(image))).toEqual(Array.from(data));
  });

  it('uint8 mask and RGB24 colour, uncompressed', () => {
    const mask = Uint8Array.from({ length: 24 }, (_, i) => i % 2);
    const m = readNifti(writeNifti({ dims: [4, 3, 2], affineRas: affine, datatype: 'uint8', data: mask }, false));
    expect([m.header.datatypeCode, m.header.numBitsPerVoxel]).toEqual([2, 8]);
    expect(Array.from(new Uint8Array(m.image))).toEqual(Array.from(mask));
    const rgb = Uint8Array.from({ length: 72 }, (_, i) => (i * 37) % 256);
    const c = readNifti(writeNifti({ dims: [4, 3, 2], affineRas: affine, datatype: 'rgb24', data: rgb }));
    expect([c.header.datatypeCode, c.header.numBitsPerVoxel]).toEqual([128, 24]);
    expect(Array.from(new Uint8Array(c.image))).toEqual(Array.from(rgb));
  });

  it('rejects data that does not fill the dims', () => {
    expect(() => writeNifti({ dims: [2, 2, 2], affineRas: affine, datatype: 'float32', data: new Float32Array(7) })).toThrow(RangeError);
  });
});

describe('.bval/.bvec text', () => {
  it('formats numbers like C %g', () => {
    expect([0, 1000, 0.001, 0.57735, -0.492355, 0.825960585309607, 1e-5, 1234567, -0.0000123456].map(formatG)).toEqual([
      '0', '1000', '0.001', '0.57735', '-0.492355', '0.825961', '1e-05', '1.23457e+06', '-1.23456e-05',
    ]);
  });

  it('writes one row per axis, space separated', () => {
    expect(bvalText([0, 1000, 0.002])).toBe('0 1000 0.002\n');
    expect(bvecText([[0, 0, 0], [0.5, -0.25, 0.8]])).toBe('0 0.5\n0 -0.25\n0 0.8\n');
  });
});

describe.skipIf(!hasSharedDicom)('qform matches dcm2niix', () => {
  for (const [id, file] of [
    ['ge_01_Ax_DWI_TENSOR_R2', 'Ax_DWI_TENSOR_R2_1.nii.gz'],
    ['siemens_xa30_17_DWI_AP_enh', '17_DWI_dir80_AP.nii.gz'],
    ['toshiba_7006_DTI_ortho', '7006_DTI_ortho.nii.gz'],
  ]) {
    it(`${id}: quaternion from dcm2niix's sform equals its qform`, () => {
      const { header } = readNifti(new Uint8Array(readFileSync(join(sharedSeriesDir(id), 'ref', file))));
      const q = affineToQuaternion(header.affine.flat());
      expect(q.qfac).toBe(header.pixDims[0] < 0 ? -1 : 1);
      expect(q.b).toBeCloseTo(header.quatern_b, 4);
      expect(q.c).toBeCloseTo(header.quatern_c, 4);
      expect(q.d).toBeCloseTo(header.quatern_d, 4);
      expect(q.offset[0]).toBeCloseTo(header.qoffset_x, 3);
    });
  }
});
