import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFolder } from '../../../src/cli/nodeFileSource';
import { indexFiles, indexOne, type IndexedOrSkipped } from '../../../src/core/dicom/indexFiles';
import { indexInShards, indexSources, type IndexLane } from '../../../src/core/dicom/indexShards';
import type { FileSource } from '../../../src/core/io/FileSource';
import { handleIndexShard } from '../../../src/workers/indexProtocol';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir } from '../../helpers/sharedData';
import { el, memFile, mrElements, part10 } from './dicomBytes';

/**
 * Lanes like the worker pool's: each indexes its shard on its own, the results cross a structured
 * clone (the worker boundary), and lane i answers after i + 1 macrotasks per shard so shards finish
 * out of file order.
 */
function cloningLanes(files: FileSource[], count: number): IndexLane[] {
  return Array.from({ length: count }, (_, lane) => async (start: number, end: number) => {
    const results = await indexSources(files.slice(start, end));
    for (let i = 0; i <= lane; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    return structuredClone(results);
  });
}

const good = (instance: number, z: number, seriesUID = '1.2.3.4'): Uint8Array => part10(mrElements({ seriesUID, instance, position: [0, 0, z] }));

/** Two series interleaved in the listing, with every kind of bad file between them. */
function syntheticStudy(): FileSource[] {
  const files: FileSource[] = [];
  for (let i = 0; i < 12; i++) {
    files.push(memFile(`s1/${String(i).padStart(2, '0')}.dcm`, good(12 - i, 3 * (12 - i))));
    files.push(memFile(`s2/${String(i).padStart(2, '0')}.dcm`, good(i + 1, 2 * i, '1.2.3.5')));
    if (i % 3 === 0) files.push(memFile(`notes${i}.txt`, Uint8Array.from(`note ${i}\n`, (c) => c.charCodeAt(0))));
  }
  const whole = good(40, 120);
  files.splice(5, 0, memFile('truncated.dcm', whole.slice(0, whole.length - 10)));
  files.splice(9, 0, memFile('DICOMDIR', part10([el(0x0004, 0x1220, 'SQ', { sq: [] })], { sopClass: '1.2.840.10008.1.3.10' })));
  files.splice(20, 0, { path: 'unreadable.dcm', size: 1000, read: () => Promise.reject(new Error('EACCES: permission denied')) });
  files.push(memFile('ps.dcm', part10([el(0x0008, 0x0016, 'UI', '1.2.840.10008.5.1.4.1.1.11.1\0')])));
  return files;
}

describe('indexing in shards', () => {
  it('gives the serial index of a synthetic study with bad files, skipped files in listing order, for any lane count and shard size', async () => {
    const files = syntheticStudy();
    const serial = await indexFiles(files);
    expect(serial.skipped.map((s) => s.path)).toEqual(['notes0.txt', 'truncated.dcm', 'DICOMDIR', 'notes3.txt', 'notes6.txt', 'unreadable.dcm', 'notes9.txt', 'ps.dcm']);
    const series = serial.patients[0].studies[0].series;
    expect(series.map((s) => s.frames.length)).toEqual([12, 12]);
    for (const [lanes, shardSize] of [
      [1, 16],
      [2, 1],
      [3, 4],
      [4, 7],
    ]) {
      const progress: number[] = [];
      const sharded = await indexInShards(files.length, cloningLanes(files, lanes), { shardSize, onProgress: (done) => progress.push(done) });
      expect(sharded).toEqual(serial);
      expect(progress).toHaveLength(Math.ceil(files.length / shardSize));
      expect(progress.at(-1)).toBe(files.length);
    }
  });

  it('gives the serial index through the worker protocol, reading the files as Blobs', async () => {
    const files = syntheticStudy().filter((f) => f.path !== 'unreadable.dcm');
    const blobs = await Promise.all(files.map(async (f) => new Blob([new Uint8Array(await f.read())])));
    let id = 0;
    const lane: IndexLane = async (start, end) => {
      const reply = await handleIndexShard({ id: id++, paths: files.slice(start, end).map((f) => f.path), blobs: blobs.slice(start, end) });
      if ('error' in reply) throw new Error(reply.error);
      return structuredClone(reply.results);
    };
    expect(await indexInShards(files.length, [lane, lane], { shardSize: 5 })).toEqual(await indexFiles(files));
  });

  it('rejects with the abort reason while a lane is still busy, and with a lane that answers the wrong count', async () => {
    const files = syntheticStudy();
    const controller = new AbortController();
    const stalled: IndexLane = () => new Promise<IndexedOrSkipped[]>(() => controller.abort(new Error('user cancelled')));
    await expect(indexInShards(files.length, [stalled], { signal: controller.signal })).rejects.toThrow('user cancelled');
    const short: IndexLane = async (start) => [await indexOne(files[start])];
    await expect(indexInShards(files.length, [short], { shardSize: 3 })).rejects.toThrow('index lane returned 1 results for files 0–2');
  });
});

describe.skipIf(!hasSharedDicom)(`indexing a real series in shards${hasSharedDicom ? '' : ` (${sharedDicomSkipMessage})`}`, () => {
  it('philips_701 (547 files, private non-image objects skipped): the serial index, deep-equal', async () => {
    const disk = await listFolder(join(sharedSeriesDir('philips_701_DTI_Biobank_cl'), 'dicom'));
    // In memory so both runs parse the same bytes without disk timing in the way.
    const files = disk.map((f) => memFile(f.path, readFileSync(join(sharedSeriesDir('philips_701_DTI_Biobank_cl'), 'dicom', f.path))));
    const serial = await indexFiles(files);
    expect(serial.fileCount).toBe(547);
    expect(serial.skipped.map((s) => s.path)).toEqual(['PS_0545', 'XX_0546', 'XX_0547']);
    const series = serial.patients.flatMap((p) => p.studies.flatMap((s) => s.series));
    expect(series.map((s) => [s.seriesNumber, s.kind, s.frames.length, s.directionCount])).toEqual([[701, 'dwi', 544, 12]]);
    const sharded = await indexInShards(files.length, cloningLanes(files, 2), { shardSize: 16 });
    expect(sharded).toEqual(serial);
  });
});
