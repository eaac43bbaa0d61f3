/**
 * `npx tsx tests/bench/ingest.bench.ts [seriesId]`: header indexing + full assembly of the largest
 * shared series (by bytes on disk, unless one is named), files/s, MB/s, peak RSS; then dcm2niix on
 * the same folder when it is installed, and the ratio. Prints figures, asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { listFolder } from '../../src/cli/nodeFileSource';
import { createFrameDecoder } from '../../src/codecs/createFrameDecoder';
import { planSeries } from '../../src/core/dicom/geometry/planSeries';
import { indexFiles } from '../../src/core/dicom/indexFiles';
import { assembleVolume } from '../../src/core/volume/assembleVolume';
import { hasSharedDicom, sharedSeriesDir, sharedSeriesIds, sharedDicomSkipMessage } from '../helpers/sharedData';

function folderBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => sum + (e.isDirectory() ? folderBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
}

async function main(): Promise<void> {
  if (!hasSharedDicom) {
    console.log(sharedDicomSkipMessage);
    return;
  }
  const id = process.argv[2] ?? sharedSeriesIds().map((s) => ({ s, b: folderBytes(join(sharedSeriesDir(s), 'dicom')) })).sort((a, b) => b.b - a.b)[0].s;
  const folder = join(sharedSeriesDir(id), 'dicom');
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

  const t0 = performance.now();
  const files = await listFolder(folder);
  const index = await indexFiles(files);
  const t1 = performance.now();
  const series = index.patients.flatMap((p) => p.studies.flatMap((s) => s.series)).filter((s) => s.kind === 'dwi');
  const byPath = new Map(files.map((f) => [f.path, f]));
  const decoder = createFrameDecoder();
  let voxels = 0;
  for (const s of series) voxels += (await assembleVolume(planSeries(s), byPath, decoder)).data.length;
  const t2 = performance.now();
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  const mb = bytes / 1e6;
  const total = (t2 - t0) / 1000;
  console.log(`series ${id}: ${files.length} files, ${mb.toFixed(1)} MB, ${series.length} diffusion series, ${voxels} voxels`);
  console.log(`index    ${((t1 - t0) / 1000).toFixed(2)} s  ${(files.length / ((t1 - t0) / 1000)).toFixed(0)} files/s  ${(mb / ((t1 - t0) / 1000)).toFixed(1)} MB/s`);
  console.log(`assemble ${((t2 - t1) / 1000).toFixed(2)} s  ${(mb / ((t2 - t1) / 1000)).toFixed(1)} MB/s`);
  console.log(`total    ${total.toFixed(2)} s  ${(files.length / total).toFixed(0)} files/s  ${(mb / total).toFixed(1)} MB/s  peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);

  const out = mkdtempSync(join(tmpdir(), 'bench-dcm2niix-'));
  try {
    const d0 = performance.now();
    const run = spawnSync('dcm2niix', ['-z', 'n', '-o', out, folder], { stdio: 'ignore' });
    const seconds = (performance.now() - d0) / 1000;
    if (run.error) console.log('dcm2niix not installed: no comparison');
    else console.log(`dcm2niix ${seconds.toFixed(2)} s (exit ${run.status}); ours / dcm2niix = ${(total / seconds).toFixed(2)}×`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

void main();
