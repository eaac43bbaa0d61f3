import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFolder } from '../../../src/cli/nodeFileSource';
import { createFrameDecoder } from '../../../src/codecs/createFrameDecoder';
import { planSeries } from '../../../src/core/dicom/geometry/planSeries';
import { indexFiles, mergeIndexed, type IndexedFile } from '../../../src/core/dicom/indexFiles';
import type { FileSource } from '../../../src/core/io/FileSource';
import { indexSources } from '../../../src/core/dicom/indexShards';
import { assembleVolume } from '../../../src/core/volume/assembleVolume';
import { BlobFileSource } from '../../../src/workers/indexBlobSource';
import { handleIndexShard, indexWorkerHandler, pixelRange, replyTransfer, type IndexShardReply } from '../../../src/workers/indexProtocol';
import { hasSharedDicom, sharedDicomSkipMessage, sharedSeriesDir } from '../../helpers/sharedData';
import { el, memFile, mrElements, part10 } from '../dicom/dicomBytes';

/** A Blob that counts how often it is read whole or sliced. */
function countingBlob(bytes: Uint8Array): { blob: Blob; reads: () => number } {
  let reads = 0;
  const blob = new Blob([new Uint8Array(bytes)]);
  const whole = blob.arrayBuffer.bind(blob);
  const slice = blob.slice.bind(blob);
  Object.assign(blob, {
    arrayBuffer: () => (reads++, whole()),
    slice: (...args: Parameters<Blob['slice']>) => (reads++, slice(...args)),
  });
  return { blob, reads: () => reads };
}

describe('BlobFileSource kept bytes', () => {
  const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 255);

  it('serves reads inside the kept range from memory as views of it (no copy), and every other read from the Blob', async () => {
    const { blob, reads } = countingBlob(bytes);
    const source = new BlobFileSource('a.dcm', blob);
    source.setKnownSize(bytes.length);
    const kept = bytes.slice(200, 700);
    source.keep({ start: 200, bytes: kept });
    expect(source.keptBytes).toBe(500);
    const inside = await source.read(250, 700);
    expect(inside).toEqual(bytes.slice(250, 700));
    expect(inside.buffer).toBe(kept.buffer);
    expect(await source.read(250, 251)).toEqual(bytes.slice(250, 251));
    expect(reads()).toBe(0);
    expect(await source.read(150, 300)).toEqual(bytes.slice(150, 300));
    expect(await source.read()).toEqual(bytes);
    expect(reads()).toBe(2);
    source.dropKept();
    expect(source.keptBytes).toBe(0);
    expect(await source.read(250, 700)).toEqual(bytes.slice(250, 700));
    expect(reads()).toBe(3);
  });
});

/** A 64 × 64 16-bit image with distinct samples (instance-dependent), as a Part 10 file of `modality`. */
function mrImage(instance: number, modality = 'MR'): Uint8Array {
  const pixels = Uint8Array.from({ length: 64 * 64 * 2 }, (_, i) => (i * 31 + instance * 17) & 255);
  const elements = mrElements({ seriesUID: '1.2.3.4', instance, position: [0, 0, 2 * instance], rows: 64, columns: 64 });
  return part10(elements.map((e) => (e.tag[0] === 0x7fe0 ? el(0x7fe0, 0x0010, 'OW', pixels) : e.tag[0] === 0x0008 && e.tag[1] === 0x0060 ? el(0x0008, 0x0060, 'CS', modality) : e)));
}

/** Synthetic MR images as Blobs, with the paths the shard names. */
function mrBlobs(count: number): { paths: string[]; blobs: Blob[]; bytes: Uint8Array[] } {
  const bytes = Array.from({ length: count }, (_, i) => mrImage(i + 1));
  return { paths: bytes.map((_, i) => `mr${i}.dcm`), blobs: bytes.map((b) => new Blob([new Uint8Array(b)])), bytes };
}

describe('index workers keep the pixel bytes they read', () => {
  it('sends back each file size and its located pixel bytes, up to the byte budget, and the same results as without', async () => {
    const { paths, blobs, bytes } = mrBlobs(5);
    const plain = await handleIndexShard({ id: 1, paths, blobs });
    const kept = (await handleIndexShard({ id: 2, paths, blobs, keepPixelBytes: Infinity })) as Extract<IndexShardReply, { results: unknown }>;
    if ('error' in plain) throw new Error(plain.error);
    expect(kept.results).toEqual(plain.results);
    expect(kept.sizes).toEqual(bytes.map((b) => b.length));
    kept.results.forEach((result, i) => {
      const range = pixelRange(result as IndexedFile)!;
      expect(range.end - range.start).toBe(64 * 64 * 2);
      expect(kept.pixels?.[i]?.start).toBe(range.start);
      expect(new Uint8Array(kept.pixels![i]!.bytes)).toEqual(bytes[i].slice(range.start, range.end));
    });
    expect(replyTransfer(kept)).toHaveLength(5);
    const budget = (await handleIndexShard({ id: 3, paths, blobs, keepPixelBytes: 2 * 64 * 64 * 2 + 1 })) as typeof kept;
    expect(budget.pixels?.map((p) => p !== null)).toEqual([true, true, false, false, false]);
    expect(replyTransfer(plain)).toEqual([]);
  });

  it('answers a range of the folder it was sent in chunks as a shard request of those files would, and refuses a range of files not yet sent', async () => {
    const { paths, blobs } = mrBlobs(6);
    const handle = indexWorkerHandler();
    expect(await handle({ folder: { paths: paths.slice(0, 3), blobs: blobs.slice(0, 3) } })).toBeNull();
    expect(await handle({ id: 0, start: 2, end: 5, keepPixelBytes: 0 })).toEqual({ id: 0, error: 'index worker got file 3 of a range before the file itself' });
    expect(await handle({ folder: { offset: 3, paths: paths.slice(3), blobs: blobs.slice(3) } })).toBeNull();
    const range = await handle({ id: 7, start: 2, end: 5, keepPixelBytes: 0 });
    expect(range).toEqual(await handleIndexShard({ id: 7, paths: paths.slice(2, 5), blobs: blobs.slice(2, 5), keepPixelBytes: 0 }));
    expect(range && 'results' in range ? range.results.map((r) => ('reason' in r ? r.path : r.frames[0].file)) : null).toEqual(['mr2.dcm', 'mr3.dcm', 'mr4.dcm']);
  });

  it('reads a file over 1 MiB on its own (its header prefix, no pixels kept) among small files read together, with the serial results', async () => {
    const { paths, blobs, bytes } = mrBlobs(3);
    const big = part10([
      ...mrElements({ seriesUID: '1.2.3.4', instance: 9, position: [0, 0, 18], rows: 64, columns: 64 }).filter((e) => e.tag[0] !== 0x7fe0),
      el(0x0029, 0x1010, 'OB', new Uint8Array(1_200_000)),
      el(0x7fe0, 0x0010, 'OW', new Uint8Array(64 * 64 * 2).fill(7)),
    ]);
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const all = { paths: [...paths.slice(0, 2), 'big.dcm', paths[2]], blobs: [...blobs.slice(0, 2), new Blob([new Uint8Array(big)]), blobs[2]] };
    const reply = await handleIndexShard({ id: 4, ...all, keepPixelBytes: Infinity });
    if ('error' in reply) throw new Error(reply.error);
    expect(reply.results).toEqual(await indexSources(all.paths.map((p, i) => memFile(p, i === 2 ? big : bytes[i < 2 ? i : 2]))));
    expect(reply.pixels?.map((p) => p !== null)).toEqual([true, true, false, true]);
    expect(reply.sizes).toEqual([bytes[0].length, bytes[1].length, big.length, bytes[2].length]);
  });

  it('keeps nothing of a file that is not MR', async () => {
    const ct = mrImage(1, 'CT');
    const reply = await handleIndexShard({ id: 1, paths: ['ct.dcm'], blobs: [new Blob([new Uint8Array(ct)])], keepPixelBytes: Infinity });
    if ('error' in reply) throw new Error(reply.error);
    const result = reply.results[0];
    expect('reason' in result ? result.reason : result.series.modality).toBe('CT');
    expect(reply.pixels).toEqual([null]);
  });
});

describe.skipIf(!hasSharedDicom)(`assembly from kept bytes, real series${hasSharedDicom ? '' : ` (${sharedDicomSkipMessage})`}`, () => {
  it('philips_701: the workers keep every DWI image, and the volume assembled from them equals the one read from disk, bit for bit', async () => {
    const dir = join(sharedSeriesDir('philips_701_DTI_Biobank_cl'), 'dicom');
    const disk = await listFolder(dir);
    const blobs = disk.map((f) => countingBlob(readFileSync(join(dir, f.path))));
    const sources = disk.map((f, i) => new BlobFileSource(f.path, blobs[i].blob));
    const handle = indexWorkerHandler();
    await handle({ folder: { paths: sources.map((s) => s.path), blobs: blobs.map((b) => b.blob) } });
    const results = [];
    for (let start = 0; start < sources.length; start += 16) {
      const end = Math.min(sources.length, start + 16);
      const reply = structuredClone(await handle({ id: start, start, end, keepPixelBytes: Infinity }));
      if (!reply || 'error' in reply) throw new Error('shard failed');
      reply.results.forEach((_, i) => {
        sources[start + i].setKnownSize(reply.sizes![i]);
        const p = reply.pixels![i];
        if (p) sources[start + i].keep({ start: p.start, bytes: new Uint8Array(p.bytes) });
      });
      results.push(...reply.results);
    }
    const index = mergeIndexed(results);
    expect(index).toEqual(await indexFiles(disk));
    const series = index.patients[0].studies[0].series[0];
    expect(series.kind).toBe('dwi');
    expect(sources.filter((s) => s.keptBytes > 0).map((s) => s.path)).toEqual(series.frames.map((f) => f.file).sort());
    expect(sources.reduce((a, s) => a + s.keptBytes, 0)).toBe(544 * 112 * 112 * 2);
    const readsBefore = blobs.reduce((a, b) => a + b.reads(), 0);
    const plan = planSeries(series);
    const fromKept = await assembleVolume(plan, new Map<string, FileSource>(sources.map((s) => [s.path, s])), createFrameDecoder());
    expect(blobs.reduce((a, b) => a + b.reads(), 0)).toBe(readsBefore);
    const fromDisk = await assembleVolume(plan, new Map(disk.map((f) => [f.path, f])), createFrameDecoder());
    expect(fromKept.dims).toEqual([112, 112, 32, 17]);
    expect(Buffer.from(fromKept.data.buffer).equals(Buffer.from(fromDisk.data.buffer))).toBe(true);
  });
});
