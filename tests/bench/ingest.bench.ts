/**
 * `npx tsx tests/bench/ingest.bench.ts [seriesId…]`: per folder, phase timings of list (readdir +
 * stat), header indexing, planning and full assembly of every diffusion series, with files/s, MB/s
 * and peak RSS; then dcm2niix on the same folder when installed, and the ratio. Defaults: the
 * largest shared series (toshiba_7006), philips_701, and the generated 10,000-file study of
 * tests/fixtures/largeStudy.ts (index + assembly of its DWI series; no dcm2niix run). Each folder
 * is run 3 times (page cache warm after the first) and the fastest run is printed, since other
 * processes share the machine; each run's index and assembly times are printed too, since the best
 * run alone would hide a later run in the same process being slower (a V8 deoptimisation, say:
 * nativeFrameValues once made runs 2 and 3 assemble philips_701 in 0.32 s). Prints figures, asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { listFolder } from '../../src/cli/nodeFileSource';
import { createFrameDecoder } from '../../src/codecs/createFrameDecoder';
import { planSeries } from '../../src/core/dicom/geometry/planSeries';
import { indexFiles } from '../../src/core/dicom/indexFiles';
import { assembleVolume } from '../../src/core/volume/assembleVolume';
import { hasSharedDicom, repoRoot, sharedSeriesDir, sharedDicomSkipMessage } from '../helpers/sharedData';

const RUNS = 3;

interface Phases {
  files: number;
  mb: number;
  series: number;
  voxels: number;
  list: number;
  index: number;
  plan: number;
  assemble: number;
  total: number;
}

async function ingest(folder: string): Promise<Phases> {
  const t0 = performance.now();
  const files = await listFolder(folder);
  const t1 = performance.now();
  const index = await indexFiles(files);
  const t2 = performance.now();
  const series = index.patients.flatMap((p) => p.studies.flatMap((s) => s.series)).filter((s) => s.kind === 'dwi');
  const plans = series.map((s) => planSeries(s));
  const t3 = performance.now();
  const byPath = new Map(files.map((f) => [f.path, f]));
  const decoder = createFrameDecoder();
  let voxels = 0;
  for (const plan of plans) voxels += (await assembleVolume(plan, byPath, decoder)).data.length;
  const t4 = performance.now();
  const s = (a: number, b: number) => (b - a) / 1000;
  return {
    files: files.length,
    mb: files.reduce((sum, f) => sum + f.size, 0) / 1e6,
    series: series.length,
    voxels,
    list: s(t0, t1),
    index: s(t1, t2),
    plan: s(t2, t3),
    assemble: s(t3, t4),
    total: s(t0, t4),
  };
}

function dcm2niixSeconds(folder: string): number | null {
  const out = mkdtempSync(join(tmpdir(), 'bench-dcm2niix-'));
  try {
    let best = Infinity;
    for (let run = 0; run < RUNS; run++) {
      const d0 = performance.now();
      const result = spawnSync('dcm2niix', ['-z', 'n', '-o', out, folder], { stdio: 'ignore' });
      if (result.error) return null;
      best = Math.min(best, (performance.now() - d0) / 1000);
    }
    return best;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function bench(label: string, folder: string, compare: boolean): Promise<void> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  let best: Phases | null = null;
  console.log(`\n${label}`);
  for (let run = 0; run < RUNS; run++) {
    const p = await ingest(folder);
    console.log(`  run ${run + 1}: index ${p.index.toFixed(3)} s, assemble ${p.assemble.toFixed(3)} s`);
    if (!best || p.total < best.total) best = p;
  }
  clearInterval(sampler);
  const p = best!;
  const rate = (seconds: number) => `${(p.files / seconds).toFixed(0)} files/s  ${(p.mb / seconds).toFixed(1)} MB/s`;
  console.log(`  ${p.files} files, ${p.mb.toFixed(1)} MB, ${p.series} diffusion series, ${p.voxels} voxels (best of ${RUNS})`);
  console.log(`  list      ${p.list.toFixed(3)} s`);
  console.log(`  index     ${p.index.toFixed(3)} s  ${rate(p.index)}`);
  console.log(`  plan      ${p.plan.toFixed(3)} s`);
  console.log(`  assemble  ${p.assemble.toFixed(3)} s`);
  console.log(`  total     ${p.total.toFixed(3)} s  ${rate(p.total)}  peak RSS ${(Math.max(peakRss, process.memoryUsage().rss) / 2 ** 20).toFixed(0)} MiB`);
  if (!compare) return;
  const d = dcm2niixSeconds(folder);
  console.log(d === null ? '  dcm2niix not installed: no comparison' : `  dcm2niix  ${d.toFixed(3)} s (best of ${RUNS}); ours / dcm2niix = ${(p.total / d).toFixed(2)}×`);
}

async function main(): Promise<void> {
  const named = process.argv.slice(2);
  if (!hasSharedDicom) console.log(sharedDicomSkipMessage);
  else for (const id of named.length > 0 ? named : ['toshiba_7006_DTI_ortho', 'philips_701_DTI_Biobank_cl']) {
    await bench(id, join(sharedSeriesDir(id), 'dicom'), true);
  }
  if (named.length > 0 || !existsSync(join(repoRoot, 'tests/fixtures/largeStudy.ts'))) return;
  const { writeLargeStudy } = await import('../fixtures/largeStudy');
  const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-large-'));
  try {
    writeLargeStudy(dir);
    await bench('generated 10,000-file study (tests/fixtures/largeStudy.ts)', dir, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
