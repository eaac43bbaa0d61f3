import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexFolder } from '../../../src/cli/indexFolder';
import { decodeIndex, encodeIndex } from '../../../src/core/dicom/indexCodec';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import { preIndexedFolderOf } from '../../../src/core/io/PreIndexedFolder';
import { demoIndexJson } from '../../../src/node/demoIndex';
import { demoFiles } from '../../../src/platform/demoPack';
import { indexFilesInWorkers } from '../../../src/workers/indexPool';
import { hasSharedDicom, repoRoot, sharedSeriesDir, sharedSeriesIds } from '../../helpers/sharedData';

const demoDir = join(repoRoot, 'assets/demo');
const haveDemo = existsSync(join(demoDir, 'manifest.json'));
if (!haveDemo) console.warn('assets/demo not built (npm run demo): the shipped demo index is not checked');

describe('indexCodec', () => {
  it('round-trips what plain JSON loses: NaN, ±Infinity, -0, undefined properties, strings starting with U+0000', () => {
    const odd = { patients: [], skipped: [{ path: '\u0000x', reason: 'r' }], fileCount: 1, extra: { a: NaN, b: Infinity, c: -Infinity, d: -0, e: undefined, f: [undefined, null, 1.5] } };
    const back = decodeIndex(encodeIndex(odd as never));
    expect(back).toStrictEqual(odd);
    expect(Object.is((back as unknown as typeof odd).extra.d, -0)).toBe(true);
    expect('e' in (back as unknown as typeof odd).extra).toBe(true);
  });

  it('refuses what is not a plain index', () => {
    expect(() => encodeIndex({ patients: [], skipped: [], fileCount: 0, data: new Float32Array(2) } as never)).toThrow(/Float32Array/);
    expect(() => decodeIndex('{"a":1}')).toThrow(/not a stored DICOM index/);
    expect(() => decodeIndex('{"patients":[],"skipped":[],"fileCount":0,"x":"\\u0000what"}')).toThrow(/unknown tagged value/);
  });

  it.skipIf(!hasSharedDicom).each(sharedSeriesIds())('round-trips the index of %s exactly', async (id) => {
    const { index } = await indexFolder(join(sharedSeriesDir(id), 'dicom'));
    expect(decodeIndex(encodeIndex(index))).toStrictEqual(index);
  });
});

describe.skipIf(!haveDemo)('the demo shipped with its index', () => {
  it('decodes to exactly the index of a fresh indexing of the files as the page holds them, and the page uses it', async () => {
    const manifest = JSON.parse(readFileSync(join(demoDir, 'manifest.json'), 'utf8')) as { files: { path: string; size: number }[] };
    const pack = new Uint8Array(Buffer.concat(manifest.files.map((f) => readFileSync(join(demoDir, f.path)))));
    const stored = await demoIndexJson(demoDir);
    const fresh = await indexFiles(demoFiles(manifest.files, pack, null));
    expect(fresh.fileCount).toBe(1956);
    expect(decodeIndex(stored)).toStrictEqual(fresh);
    // The page's sources carry the stored index: indexing them reads no header and gives the same index.
    const files = demoFiles(manifest.files, pack, stored);
    expect(preIndexedFolderOf(files)).not.toBeNull();
    const progress: number[] = [];
    expect(await indexFilesInWorkers(files, { onProgress: (done) => progress.push(done) })).toStrictEqual(fresh);
    expect(progress).toEqual([1956]);
    // Not all of the demo's files: indexed file by file, not from the stored index.
    expect(preIndexedFolderOf(files.slice(1))).toBeNull();
  }, 120_000);
});
