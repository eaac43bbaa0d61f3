import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFolder } from '../../../src/cli/nodeFileSource';
import { indexFiles } from '../../../src/core/dicom/indexFiles';
import type { FileSource } from '../../../src/core/io/FileSource';
import { type LargeStudy, writeLargeStudy } from '../../fixtures/largeStudy';

/**
 * A 10,000-file study (5,000-image CT perfusion series among others) is indexed from headers only:
 * every series found and classified, cancellable mid-way, and the finished index retains headers,
 * not pixels. Bounded by the suite timeout; nothing here asserts a speed.
 */

// Explicit GC so retained memory is measured, not garbage that a lazy collector has yet to free.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap plus ArrayBuffer memory after a full collection, bytes. */
function retainedBytes(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

let study: LargeStudy;
let files: FileSource[];

beforeAll(async () => {
  study = writeLargeStudy(mkdtempSync(join(tmpdir(), 'large-study-')));
  files = await listFolder(study.dir);
});

afterAll(() => {
  if (study) rmSync(study.dir, { recursive: true, force: true });
});

describe('a 10,000-file study', () => {
  it('has the layout the tests rely on', () => {
    expect(study.fileCount).toBe(10_000);
    expect(files.length).toBe(10_000);
    expect(study.series.find((s) => s.kind === 'ctp')?.files).toBe(5_000);
  });

  it('indexes every series with its kind; the index keeps headers, not pixels', async () => {
    const before = retainedBytes();
    const index = await indexFiles(files);
    const retained = retainedBytes() - before;

    expect(index.fileCount).toBe(10_000);
    expect(index.skipped).toEqual([]);
    expect(index.patients.length).toBe(1);
    const series = index.patients[0].studies[0].series;
    expect(series.map((s) => [s.description, s.kind, s.frames.length])).toEqual(study.series.map((s) => [s.description, s.kind, s.files]));
    const ctp = series.find((s) => s.kind === 'ctp')!;
    // 20 positions, each acquired 250 times.
    expect(new Set(ctp.frames.map((f) => f.position!.join(','))).size).toBe(20);
    const dwi = series.find((s) => s.kind === 'dwi')!;
    expect(dwi.bValues).toEqual([0, 1000]);
    expect(dwi.directionCount).toBe(79);

    // 10,000 × 8 KiB of pixel data = 82 MB; the index (10,000 FrameInfos) must stay far below it.
    expect(retained).toBeGreaterThan(0);
    expect(retained).toBeLessThan(study.pixelBytes / 4);
  });

  it('stops promptly when cancelled mid-way and rejects with the abort reason', async () => {
    const controller = new AbortController();
    const concurrency = 4;
    let doneAtAbort = -1;
    let lastDone = 0;
    const run = indexFiles(files, {
      signal: controller.signal,
      concurrency,
      onProgress: (done) => {
        lastDone = done;
        if (done === 2_000) {
          doneAtAbort = done;
          controller.abort();
        }
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(doneAtAbort).toBe(2_000);
    // Only the reads already in flight may finish: at most one more file per concurrent reader.
    expect(lastDone).toBeLessThanOrEqual(doneAtAbort + concurrency);
  });

  it('rejects at once when the signal is already aborted, reading nothing', async () => {
    let reads = 0;
    const counted = files.slice(0, 100).map((f): FileSource => ({ ...f, path: f.path, size: f.size, read: (s, e) => (reads++, f.read(s, e)) }));
    await expect(indexFiles(counted, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(reads).toBe(0);
  });
});
