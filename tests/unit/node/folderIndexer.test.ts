import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import { listFolder } from '../../../src/cli/nodeFileSource';
import { indexListedFiles } from '../../../src/node/folderIndexer';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir, sharedSeriesIds } from '../../helpers/sharedData';

/** The folder's index the old way: listFolder's sources through indexFiles on this thread. */
async function referenceIndex(folder: string) {
  return indexFiles(await listFolder(folder));
}

describe.skipIf(!hasSharedDicom)('folderIndexer on every real series (worker threads = indexFiles)', () => {
  it.each(sharedSeriesIds())('%s', async (id) => {
    const folder = join(sharedSeriesDir(id), 'dicom');
    const listed = (await listFolder(folder)).map((f) => ({ path: f.path, size: f.size }));
    const expected = await referenceIndex(folder);
    // Two threads whatever the folder's size, and small shards, so every series crosses threads and shard edges.
    const progress: number[] = [];
    const { index, kept } = await indexListedFiles(folder, listed, { threads: 2, shardSize: 5, keepBytes: 64 * 2 ** 20, onProgress: (done) => progress.push(done) });
    expect(index).toEqual(expected);
    // The calling thread's path reads every header into the same reused buffer: nothing of a file may stay in the index.
    expect((await indexListedFiles(folder, listed, { threads: 1 })).index).toEqual(expected);
    expect(progress.at(-1)).toBe(listed.length);
    for (const [path, bytes] of kept) expect(Buffer.from(bytes).equals(readFileSync(join(folder, path)))).toBe(true);
  }, 60_000);

  it('keeps the compressed MR images (read whole by assembly anyway) within the budget, no uncompressed ones, none without a budget', async () => {
    const images = (index: Awaited<ReturnType<typeof indexListedFiles>>['index']) =>
      index.patients.flatMap((p) => p.studies.flatMap((s) => s.series)).filter((s) => s.modality === 'MR').flatMap((s) => s.frames.map((f) => f.file));
    const compressed = join(sharedSeriesDir('ge_01_ts_jpeg2000'), 'dicom');
    const listed = (await listFolder(compressed)).map((f) => ({ path: f.path, size: f.size }));
    const none = await indexListedFiles(compressed, listed, { threads: 2 });
    expect(none.kept.size).toBe(0);
    const all = await indexListedFiles(compressed, listed, { threads: 2, keepBytes: 256 * 2 ** 20 });
    // Every JPEG 2000 image of the series is small enough to be read whole for its header.
    expect(new Set(all.kept.keys())).toEqual(new Set(images(none.index)));
    const firstTwo = listed.slice(0, 2).reduce((a, f) => a + f.size, 0);
    const some = await indexListedFiles(compressed, listed, { threads: 1, keepBytes: firstTwo });
    expect([...some.kept.keys()]).toEqual(listed.slice(0, 2).map((f) => f.path));
    // Uncompressed frames are located at indexing and read by range at assembly: nothing kept.
    const native = join(sharedSeriesDir('philips_701_DTI_Biobank_cl'), 'dicom');
    const nativeListed = (await listFolder(native)).map((f) => ({ path: f.path, size: f.size }));
    expect((await indexListedFiles(native, nativeListed, { threads: 2, keepBytes: 256 * 2 ** 20 })).kept.size).toBe(0);
  }, 60_000);
});
if (!hasSharedDicom) console.warn(sharedDicomSkipMessage);

describe('folderIndexer on a folder with files that are not images', () => {
  const dir = mkdtempSync(join(tmpdir(), 'folder-indexer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists each one skipped with its reason, on threads and on the calling thread alike', async () => {
    mkdirSync(join(dir, 'sub'));
    const names: string[] = [];
    for (let i = 0; i < 130; i++) {
      const name = `sub/f${String(i).padStart(3, '0')}.txt`;
      writeFileSync(join(dir, name), `not dicom ${i}`);
      names.push(name);
    }
    const listed = names.map((path) => ({ path, size: readFileSync(join(dir, path)).length }));
    // A file listed but gone before it is read: skipped, named, the rest still indexed.
    listed.push({ path: 'sub/vanished.dcm', size: 1000 });
    const onThreads = await indexListedFiles(dir, listed, { threads: 2 });
    const here = await indexListedFiles(dir, listed, { threads: 1 });
    expect(onThreads.index).toEqual(here.index);
    expect(onThreads.index.fileCount).toBe(131);
    expect(onThreads.index.skipped).toHaveLength(131);
    expect(onThreads.index.skipped.at(-1)?.path).toBe('sub/vanished.dcm');
    expect(onThreads.index.skipped.at(-1)?.reason).toMatch(/ENOENT|no such file/i);
  });

  it('rejects with the reason of an abort', async () => {
    const listed = Array.from({ length: 200 }, (_, i) => ({ path: `x${i}`, size: 10 }));
    const abort = new AbortController();
    abort.abort(new Error('stop'));
    await expect(indexListedFiles(dir, listed, { threads: 2, signal: abort.signal })).rejects.toThrow('stop');
  });
});
