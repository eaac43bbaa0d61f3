/**
 * `npx tsx tests/bench/large-study.bench.ts`: writes the 10,000-file study of
 * tests/fixtures/largeStudy.ts to a temp dir, indexes it from headers (Node fs FileSources, default
 * concurrency) and prints files/s, MB/s and peak memory (RSS, heap + ArrayBuffers, sampled every
 * 20 ms and at each progress call). Prints figures, asserts nothing; removes the folder afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { listFolder } from '../../src/cli/nodeFileSource';
import { indexFiles } from '../../src/core/dicom/indexFiles';
import { writeLargeStudy } from '../fixtures/largeStudy';

const MiB = 2 ** 20;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-large-study-'));
  try {
    const w0 = performance.now();
    const study = writeLargeStudy(dir);
    const writeSeconds = (performance.now() - w0) / 1000;

    const start = process.memoryUsage();
    let peakRss = start.rss;
    let peakHeap = start.heapUsed + start.arrayBuffers;
    const sample = (): void => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed + m.arrayBuffers);
    };
    const sampler = setInterval(sample, 20);

    const t0 = performance.now();
    const files = await listFolder(dir);
    const t1 = performance.now();
    const index = await indexFiles(files, { onProgress: (done) => done % 250 === 0 && sample() });
    const t2 = performance.now();
    clearInterval(sampler);
    sample();

    const bytes = files.reduce((sum, f) => sum + f.size, 0);
    const series = index.patients.flatMap((p) => p.studies.flatMap((s) => s.series));
    const indexSeconds = (t2 - t1) / 1000;
    console.log(`written  ${study.fileCount} files, ${(bytes / 1e6).toFixed(1)} MB in ${writeSeconds.toFixed(2)} s`);
    console.log(`series   ${series.map((s) => `${s.description} (${s.kind}, ${s.frames.length})`).join('; ')}; skipped ${index.skipped.length}`);
    console.log(`list     ${((t1 - t0) / 1000).toFixed(2)} s`);
    console.log(
      `index    ${indexSeconds.toFixed(2)} s  ${(files.length / indexSeconds).toFixed(0)} files/s  ${(bytes / 1e6 / indexSeconds).toFixed(1)} MB/s`,
    );
    console.log(
      `memory   peak RSS ${(peakRss / MiB).toFixed(0)} MiB (start ${(start.rss / MiB).toFixed(0)}), ` +
        `peak heap+buffers ${(peakHeap / MiB).toFixed(0)} MiB (start ${((start.heapUsed + start.arrayBuffers) / MiB).toFixed(0)})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
