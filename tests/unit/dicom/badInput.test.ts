import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import { readHeader } from '../../../src/core/dicom/readHeader';
import { DicomError } from '../../../src/core/dicom/errors';
import { el, encode, memFile, mrElements, part10 } from './dicomBytes';

const good = (instance: number, z: number): Uint8Array => part10(mrElements({ instance, position: [0, 0, z] }));

describe('indexFiles with bad input', () => {
  it('skips each bad file by name with its reason while the good series loads', async () => {
    const goodBytes = good(2, 3);
    const wrongLength = good(3, 6);
    // Rows (0028,0010) claims a 0x4000-byte value: the parse runs past the end of the file.
    const rowsAt = indexOf(wrongLength, [0x28, 0x00, 0x10, 0x00, 0x55, 0x53]);
    wrongLength.set([0x00, 0x40], rowsAt + 6);
    // Cut two bytes into the Rows value.
    const cutInElement = goodBytes.slice(0, indexOf(goodBytes, [0x28, 0x00, 0x10, 0x00, 0x55, 0x53]) + 9);
    const files = [
      memFile('a/good1.dcm', good(1, 0)),
      memFile('a/good2.dcm', goodBytes),
      memFile('notes.txt', Uint8Array.from('patient list, not an image\n', (c) => c.charCodeAt(0))),
      memFile('manifest.json', Uint8Array.from('\n  {"study": "DEMO-001"}\n', (c) => c.charCodeAt(0))),
      memFile('photo.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])),
      memFile('DICOMDIR', part10([el(0x0004, 0x1220, 'SQ', { sq: [] })], { sopClass: '1.2.840.10008.1.3.10' })),
      memFile('truncated.dcm', goodBytes.slice(0, goodBytes.length - 10)),
      memFile('cut-in-header.dcm', goodBytes.slice(0, 300)),
      memFile('cut-in-element.dcm', cutInElement),
      memFile('wrong-length.dcm', wrongLength),
      memFile('ps.dcm', part10([el(0x0008, 0x0016, 'UI', '1.2.840.10008.5.1.4.1.1.11.1\0')])),
      memFile('philips-private.dcm', part10([el(0x0008, 0x0016, 'UI', '1.3.46.670589.11.0.0.12.4\0'), el(0x0020, 0x0011, 'IS', '7')])),
      { path: 'unreadable.dcm', size: 1000, read: () => Promise.reject(new Error('EACCES: permission denied')) },
    ];
    const progress: number[] = [];
    const index = await indexFiles(files, { onProgress: (done) => progress.push(done), concurrency: 3 });
    expect(index.fileCount).toBe(files.length);
    expect(progress.at(-1)).toBe(files.length);
    const reasons = Object.fromEntries(index.skipped.map((s) => [s.path, s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(
      ['DICOMDIR', 'cut-in-element.dcm', 'cut-in-header.dcm', 'manifest.json', 'notes.txt', 'philips-private.dcm', 'photo.png', 'ps.dcm', 'truncated.dcm', 'unreadable.dcm', 'wrong-length.dcm'].sort(),
    );
    expect(reasons['notes.txt']).toBe('not a DICOM file (a text file); left as is, only DICOM images are indexed');
    expect(reasons['manifest.json']).toBe('not a DICOM file (a JSON text file); left as is, only DICOM images are indexed');
    expect(reasons['photo.png']).toMatch(/^not a DICOM file \(binary data without the DICOM "DICM" marker\)/);
    expect(reasons.DICOMDIR).toMatch(/DICOMDIR/);
    expect(reasons['truncated.dcm']).toMatch(/truncated: pixel data needs \d+ bytes, file has \d+/);
    expect(reasons['cut-in-header.dcm']).toBe('no pixel data (SOP class 1.2.840.10008.5.1.4.1.1.4): the file ends after its header, at 300 bytes (truncated, or exported without the image)');
    // Cut inside an element instead: dicom-parser's "buffer overrun", said as what it means for the file.
    expect(reasons['cut-in-element.dcm']).toBe(`not a readable DICOM file (its header runs past the end of the file at ${cutInElement.length} bytes: truncated or damaged)`);
    expect(reasons['wrong-length.dcm']).toMatch(/not a readable DICOM file/);
    expect(reasons['ps.dcm']).toMatch(/^presentation state: display settings saved for other images, not an image/);
    expect(reasons['philips-private.dcm']).toMatch(/^Philips private non-image object: ExamCard \(the scan protocol\)/);
    expect(reasons['unreadable.dcm']).toMatch(/could not be read: EACCES/);
    const series = index.patients.flatMap((p) => p.studies.flatMap((s) => s.series));
    expect(series).toHaveLength(1);
    expect(series[0].frames.map((f) => f.file)).toEqual(['a/good1.dcm', 'a/good2.dcm']);
    expect(series[0].warnings).toEqual([]);
  });

  it('lists a series with a missing slice with a warning, and a tilted one as not assemblable', async () => {
    const gap = await indexFiles([0, 3, 9].map((z, i) => memFile(`g${i}`, good(i + 1, z))));
    expect(gap.patients[0].studies[0].series[0].warnings).toEqual([expect.stringMatching(/^gap between slices 2 and 3: 6\.00 mm instead of 3\.00 mm/)]);
    const tilted = await indexFiles(
      [0, 1, 2].map((k) => memFile(`t${k}`, part10(mrElements({ seriesUID: '9.9', instance: k + 1, position: [0, k * 0.8, k * 3] })))),
    );
    expect(tilted.patients[0].studies[0].series[0].warnings).toEqual([expect.stringMatching(/^cannot be assembled into a volume: .*gantry tilt/)]);
  });

  it('rejects with the abort reason when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    await expect(indexFiles([memFile('a', good(1, 0))], { signal: controller.signal })).rejects.toThrow('user cancelled');
  });
});

describe('readHeader layouts', () => {
  it('reads a file without preamble, a bare implicit data set and a deflated file', async () => {
    const noPreamble = part10(mrElements({ instance: 1, position: [0, 0, 0] }), { preamble: false });
    const bare = encode(mrElements({ instance: 2, position: [0, 0, 0] }), false);
    const body = encode(mrElements({ instance: 3, position: [0, 0, 0] }), true);
    const meta = encode([el(0x0002, 0x0010, 'UI', '1.2.840.10008.1.2.1.99\0')], true);
    const deflated = Uint8Array.from([...new Array(128).fill(0), 0x44, 0x49, 0x43, 0x4d, ...meta, ...deflateSync(body)]);
    expect(deflated.length).toBeLessThan(body.length + 200);
    for (const [name, bytes, instance, ts] of [
      ['nopreamble', noPreamble, '1', '1.2.840.10008.1.2.1'],
      ['bare', bare, '2', '1.2.840.10008.1.2'],
      ['deflated', deflated, '3', '1.2.840.10008.1.2.1.99'],
    ] as const) {
      const header = await readHeader(memFile(name, bytes));
      expect(header.dataSet.string('x00200013'), name).toBe(instance);
      expect(header.transferSyntaxUID, name).toBe(ts);
    }
  });

  it('reads only a 512 KiB prefix of a large file, growing it when the header is longer', async () => {
    const bigPixels = part10([...mrElements({ instance: 1, position: [0, 0, 0], rows: 1024, columns: 1024 })]);
    const longHeader = part10(mrElements({ instance: 2, position: [0, 0, 0], extra: [el(0x0029, 0x1020, 'OB', new Uint8Array(600_000))] }));
    for (const bytes of [bigPixels, longHeader]) {
      const ends: number[] = [];
      const source = { ...memFile('x', bytes), read: async (start = 0, end = bytes.length) => (ends.push(end), bytes.slice(start, end)) };
      const header = await readHeader(source);
      expect(header.dataSet.elements.x7fe00010).toBeDefined();
      // 2 MiB of pixels: one 512 KiB read. A 600 kB header: 512 KiB, then the rest of the file (< 4 × 512 KiB).
      expect(ends).toEqual(bytes === bigPixels ? [512 * 1024] : [512 * 1024, bytes.length]);
    }
  });

  it('throws only DicomError for garbage', async () => {
    await expect(readHeader(memFile('g', Uint8Array.from([0x08, 0, 0x05, 0, 1, 2, 3, 4, 5])))).rejects.toBeInstanceOf(DicomError);
  });
});

function indexOf(haystack: Uint8Array, needle: number[]): number {
  for (let i = 0; i < haystack.length; i++) if (needle.every((b, j) => haystack[i + j] === b)) return i;
  throw new Error('needle not found');
}
