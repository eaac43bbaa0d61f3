import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { dumpTags, filterTagRows, HIDDEN_VALUE, maskIdentifyingRows, type TagRow } from '../../../src/core/dicom/dumpTags';
import { findPrivateTag, KNOWN_PRIVATE_TAGS } from '../../../src/core/dicom/privateTags';
import { nameTag, type StandardLookup } from '../../../src/core/dicom/tagDictionary';
import { readHeader } from '../../../src/core/dicom/readHeader';
import type { FileSource } from '../../../src/core/io/FileSource';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir } from '../../helpers/sharedData';

/** dcmjs's PS3.6 dictionary (a lazy Proxy keyed '(GGGG,EEEE)' and '(gggg,"CREATOR",ee)'). */
const dictionary = (dcmjs as { data: { DicomMetaDictionary: { dictionary: Record<string, { vr: string; vm: string; name: string; version?: string }> } } })
  .data.DicomMetaDictionary.dictionary;
const standard: StandardLookup = (key) => dictionary[key];

function fileSource(path: string): FileSource {
  const bytes = new Uint8Array(readFileSync(path));
  return { path, size: bytes.length, read: async (start = 0, end = bytes.length) => bytes.subarray(start, end) };
}

async function dumpFile(path: string): Promise<TagRow[]> {
  return dumpTags((await readHeader(fileSource(path))).dataSet, standard);
}

const row = (rows: TagRow[], tag: string) => rows.find((r) => r.tag === tag);

describe('private tag naming', () => {
  it('names vendor diffusion tags by creator in any block, and at the usual element without a creator', () => {
    expect(findPrivateTag(0x0043, 0x1039, 'GEMS_PARM_01')?.info.keyword).toBe('Slop_int_6..9');
    // Same creator reserved in block 0x12: (0043,1239) is the same element.
    expect(findPrivateTag(0x0043, 0x1239, 'GEMS_PARM_01')?.info.keyword).toBe('Slop_int_6..9');
    expect(findPrivateTag(0x0043, 0x1039, 'SOMEONE ELSE')).toBeNull();
    const assumed = findPrivateTag(0x0019, 0x100c, null);
    expect(assumed).toMatchObject({ assumed: true, info: { keyword: 'B_value', vendor: 'Siemens', vr: 'IS' } });
    expect(findPrivateTag(0x2005, 0x1596, 'Philips MR Imaging DD 005')?.info.keyword).toBe('VolumeNumber');
    expect(findPrivateTag(0x0010, 0x0010, null)).toBeNull();
  });

  it('has one meaning per (creator, group, element offset)', () => {
    const keys = KNOWN_PRIVATE_TAGS.map((t) => `${t.creator}|${t.group}|${t.element & 0xff}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('falls back to the dcmjs dictionary for standard and other private tags', () => {
    expect(nameTag(0x0010, 0x0010, null, standard)).toMatchObject({ keyword: 'PatientName', vr: 'PN', source: 'standard' });
    expect(nameTag(0x6002, 0x0010, null, standard)).toMatchObject({ keyword: 'OverlayRows', source: 'standard' });
    expect(nameTag(0x0043, 0x1039, 'GEMS_PARM_01', standard)).toMatchObject({ keyword: 'Slop_int_6..9', source: 'private-known', vendor: 'GE' });
    expect(nameTag(0x2001, 0x1003, 'Philips Imaging DD 001', standard)).toMatchObject({ keyword: 'DiffusionBFactor', vr: 'FL' });
    expect(nameTag(0x0043, 0x1010, 'GEMS_PARM_01', standard).source).toBe('private-dictionary');
    expect(nameTag(0x0043, 0x0010, null, standard).keyword).toBe('PrivateCreator');
    expect(nameTag(0x0029, 0x1010, null, standard)).toMatchObject({ keyword: 'CSAImageHeaderInfo', assumed: true });
  });
});

describe('filterTagRows', () => {
  const rows: TagRow[] = [
    { tag: '(0008,0060)', vr: 'CS', vrFromDictionary: false, keyword: 'Modality', description: '', source: 'standard', creator: null, value: 'MR', length: 2 },
    {
      tag: '(5200,9230)', vr: 'SQ', vrFromDictionary: false, keyword: 'PerFrameFunctionalGroupsSequence', description: '', source: 'standard', creator: null, value: '1 item', length: 10,
      items: [[{ tag: '(0018,9087)', vr: 'FD', vrFromDictionary: false, keyword: 'DiffusionBValue', description: '', source: 'standard', creator: null, value: '1000', length: 8 }]],
    },
  ];
  it('matches tags without parentheses and keeps sequences with matching items only', () => {
    expect(filterTagRows(rows, '0008,0060').map((r) => r.keyword)).toEqual(['Modality']);
    const hit = filterTagRows(rows, 'bvalue');
    expect(hit.map((r) => r.keyword)).toEqual(['PerFrameFunctionalGroupsSequence']);
    expect(hit[0].items?.[0].map((r) => r.keyword)).toEqual(['DiffusionBValue']);
    expect(filterTagRows(rows, '')).toHaveLength(2);
  });
});

describe.skipIf(!hasSharedDicom)('dump of real scanner files', () => {
  if (!hasSharedDicom) console.warn(sharedDicomSkipMessage);
  const ge = (id: string, file: string) => join(sharedSeriesDir(id), 'dicom', file);

  it('GE explicit VR: (0043,1039) named with value 1000\\8\\0\\0, gradient user data 20–22 read', async () => {
    const rows = await dumpFile(ge('ge_01_Ax_DWI_TENSOR_R2', 'i24.MRDC.3'));
    expect(row(rows, '(0043,1039)')).toMatchObject({ keyword: 'Slop_int_6..9', vr: 'IS', value: '1000\\8\\0\\0', creator: 'GEMS_PARM_01', source: 'private-known' });
    expect(row(rows, '(0019,10BB)')).toMatchObject({ keyword: 'UserData20', value: '0.492355' });
    expect(row(rows, '(0019,10BC)')?.value).toBe('0.844098');
    expect(row(rows, '(0019,10BD)')?.value).toBe('-0.212332');
    expect(row(rows, '(0008,0070)')).toMatchObject({ keyword: 'Manufacturer', value: 'GE MEDICAL SYSTEMS' });
    expect(row(rows, '(0028,0010)')).toMatchObject({ keyword: 'Rows', vr: 'US', value: '256' });
    const pixel = row(rows, '(7FE0,0010)');
    expect(pixel?.value).toBe(`${256 * 256 * 2} bytes`);
    const tags = rows.map((r) => r.tag);
    expect([...tags].sort()).toEqual(tags);
  });

  it('GE implicit VR: the VR of (0043,1039) comes from the dictionary and the value still reads', async () => {
    const rows = await dumpFile(ge('ge_01_ts_implicit', 'i22.MRDC.1'));
    expect(row(rows, '(0043,1039)')).toMatchObject({ vr: 'IS', vrFromDictionary: true, value: '0\\8\\0\\0' });
    expect(row(rows, '(0010,0010)')).toMatchObject({ keyword: 'PatientName', vr: 'PN', value: 'dicom' });
  });

  it('Siemens mosaic: CSA headers named, binary shown by length, B_value read', async () => {
    const path = join(sharedSeriesDir('siemens_mosaic_csa_headeronly_nibabel'), 'dicom', 'siemens_dwi_0.dcm');
    const rows = await dumpFile(path);
    const csa = row(rows, '(0029,1010)');
    expect(csa).toMatchObject({ keyword: 'CSAImageHeaderInfo', creator: 'SIEMENS CSA HEADER' });
    expect(csa?.value).toBe(`${csa?.length} bytes`);
    expect(row(rows, '(0019,100C)')?.keyword).toBe('B_value');
    expect(Number(row(rows, '(0019,100C)')?.value)).toBeGreaterThanOrEqual(0);
  });

  it('blinded masking hides PatientName and person names, keeps the b-value', async () => {
    const rows = maskIdentifyingRows(await dumpFile(ge('ge_01_Ax_DWI_TENSOR_R2', 'i24.MRDC.3')));
    expect(row(rows, '(0010,0010)')?.value).toBe(HIDDEN_VALUE);
    expect(row(rows, '(0010,0020)')?.value).toBe(HIDDEN_VALUE);
    expect(rows.filter((r) => r.vr === 'PN').every((r) => r.value === HIDDEN_VALUE)).toBe(true);
    expect(row(rows, '(0043,1039)')?.value).toBe('1000\\8\\0\\0');
  });
});
